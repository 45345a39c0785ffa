package dev.custodian.backup.internal.crypto;

import dev.custodian.backup.internal.SafeFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;

/**
 * The text format of identity and recipient files: a header line naming the kind and version,
 * comment lines starting with {@code #}, and one {@code name: x25519:BASE64} line.
 */
final class KeyFiles {
    static final String IDENTITY_HEADER = "custodian-identity-v1";
    static final String RECIPIENT_HEADER = "custodian-recipient-v1";
    static final String PRIVATE_KEY = "private-key";
    static final String PUBLIC_KEY = "public-key";
    static final String KEY_PREFIX = "x25519:";
    private static final int MAX_FILE_SIZE = 64 * 1024;

    private KeyFiles() {
    }

    /** The text of a key file, refusing a missing, huge or non-UTF-8 file in one line. */
    static String read(Path file, String kind) throws CryptoException {
        try {
            if (Files.size(file) > MAX_FILE_SIZE) {
                throw new CryptoException(kind + " file " + file + " is too large to be a " + kind + " file");
            }
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new CryptoException(kind + " file " + file + " does not exist");
        } catch (MalformedInputException e) {
            throw new CryptoException(kind + " file " + file + " is not a text file: it is not a " + kind + " file");
        } catch (CryptoException e) {
            throw e;
        } catch (IOException e) {
            throw new CryptoException("cannot read " + kind + " file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The 32 raw key bytes of the {@code field} line of a key file's text, checking the header.
     * Messages name {@code source} and never quote the key.
     */
    static byte[] parse(String text, String header, String field, String kind, String source) throws CryptoException {
        String[] lines = text.split("\\R");
        int i = 0;
        while (i < lines.length && lines[i].isBlank()) {
            i++;
        }
        if (i == lines.length || !lines[i].strip().equals(header)) {
            String hint = "";
            if (i < lines.length && lines[i].strip().equals(IDENTITY_HEADER)) {
                hint = " (it is an identity file, which holds a private key: pass its public key file instead)";
            } else if (i < lines.length && lines[i].strip().equals(RECIPIENT_HEADER)) {
                hint = " (it is a recipient's public key file, which cannot decrypt)";
            }
            throw new CryptoException(source + " is not " + article(kind) + " " + kind + " file: its first line must be '"
                    + header + "'" + hint);
        }
        byte[] found = null;
        for (i++; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            String name = colon < 0 ? line : line.substring(0, colon).strip();
            if (!name.equals(field)) {
                throw new CryptoException(source + " has an unexpected line " + (i + 1) + ": " + article(kind) + " "
                        + kind + " file holds one '" + field + ":' line");
            }
            if (found != null) {
                throw new CryptoException(source + " has more than one '" + field + ":' line");
            }
            found = decodeKey(line.substring(colon + 1).strip(), source + " line " + (i + 1));
        }
        if (found == null) {
            throw new CryptoException(source + " has no '" + field + ":' line");
        }
        return found;
    }

    private static String article(String kind) {
        return "aeiou".indexOf(kind.charAt(0)) >= 0 ? "an" : "a";
    }

    /** The raw bytes of an {@code x25519:BASE64} key text. */
    static byte[] decodeKey(String value, String where) throws CryptoException {
        if (!value.startsWith(KEY_PREFIX)) {
            throw new CryptoException(where + " holds no X25519 key: expected '" + KEY_PREFIX
                    + "' followed by 32 bytes in base64");
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(value.substring(KEY_PREFIX.length()).strip());
        } catch (IllegalArgumentException e) {
            raw = null;
        }
        if (raw == null || raw.length != X25519.KEY_LENGTH) {
            throw new CryptoException(where + " holds a malformed X25519 key: expected '" + KEY_PREFIX
                    + "' followed by 32 bytes in base64");
        }
        return raw;
    }

    static String encodeKey(byte[] raw) {
        return KEY_PREFIX + Base64.getEncoder().encodeToString(raw);
    }

    /**
     * Writes a new file atomically: the content goes to an owner-only temporary file, which is then
     * linked to its name (failing if that exists), so a reader never sees a partial file and an
     * existing file is never replaced. {@code privateFile} false makes the result world-readable.
     */
    static void writeNew(Path file, String content, boolean privateFile, String kind) throws IOException {
        Path absolute = file.toAbsolutePath();
        if (Files.exists(absolute, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(kind + " file " + file + " exists already; it is never overwritten");
        }
        Path parent = absolute.getParent();
        Path temporary = parent.resolve("." + absolute.getFileName() + "." + Long.toHexString(System.nanoTime())
                + ".tmp");
        try {
            try (FileChannel channel = SafeFiles.createPrivateFile(temporary)) {
                ByteBuffer b = ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8));
                while (b.hasRemaining()) {
                    channel.write(b);
                }
                channel.force(true);
            }
            if (!privateFile && Files.getFileStore(temporary).supportsFileAttributeView("posix")) {
                Files.setPosixFilePermissions(temporary, java.nio.file.attribute.PosixFilePermissions.fromString(
                        "rw-r--r--"));
            }
            try {
                Files.createLink(absolute, temporary);
            } catch (FileAlreadyExistsException e) {
                throw new FileAlreadyExistsException(kind + " file " + file
                        + " exists already; it is never overwritten");
            } catch (UnsupportedOperationException e) {
                Files.move(temporary, absolute);
            }
            SafeFiles.fsyncDirectory(parent);
        } finally {
            SafeFiles.deleteQuietly(temporary);
        }
    }
}
