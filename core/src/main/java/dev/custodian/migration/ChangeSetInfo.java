package dev.custodian.migration;

/**
 * A change set as status reports it.
 *
 * @param id its id
 * @param author its author
 * @param file the changelog file it is in
 */
public record ChangeSetInfo(String id, String author, String file) {
}
