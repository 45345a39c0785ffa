package dev.custodian.cli;

import dev.custodian.CustodianException;
import dev.custodian.backup.Compression;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --compression zstd|gzip|none}. */
final class CompressionConverter implements ITypeConverter<Compression> {
    @Override
    public Compression convert(String value) {
        try {
            return Compression.parse(value);
        } catch (CustodianException e) {
            throw new TypeConversionException("expected zstd, gzip or none, was '" + value + "'");
        }
    }
}
