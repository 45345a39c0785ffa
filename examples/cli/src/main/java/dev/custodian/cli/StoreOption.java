package dev.custodian.cli;

import dev.custodian.backup.BackupCatalog;

/** What a store option says and how a command opens one. */
final class StoreOption {
    static final String DESCRIPTION = "The backup store: a directory, file:PATH, or "
            + "s3://BUCKET/PREFIX?endpoint=URL&region=REGION&pathStyle=true (credentials from AWS_ACCESS_KEY_ID and "
            + "AWS_SECRET_ACCESS_KEY or the AWS profile; never in the URL).";
    static final String LABEL = "STORE";

    private StoreOption() {
    }

    /** Opens the store a URL names; close it when done. */
    static BackupCatalog open(String store) {
        return BackupCatalog.open(store);
    }
}
