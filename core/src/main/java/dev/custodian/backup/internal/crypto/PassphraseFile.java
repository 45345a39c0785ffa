package dev.custodian.backup.internal.crypto;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads a passphrase from a file: its first line, without the line break. The passphrase never
 * appears in a message.
 */
public final class PassphraseFile {
    private static final int MAX_SIZE = 64 * 1024;

    private PassphraseFile() {
    }

    /** The passphrase in the file; fails in one line when it is missing, empty or not text. */
    public static char[] read(Path file) throws CryptoException {
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_SIZE) {
                throw new CryptoException("passphrase file " + file + " is too large (more than 64 KiB)");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new CryptoException("passphrase file " + file + " does not exist");
        } catch (CryptoException e) {
            throw e;
        } catch (IOException e) {
            throw new CryptoException("cannot read passphrase file " + file + ": " + e.getClass().getSimpleName(), e);
        }
        CharBuffer chars;
        try {
            chars = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
        } catch (CharacterCodingException e) {
            throw new CryptoException("passphrase file " + file + " is not UTF-8 text");
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
        int end = 0;
        while (end < chars.length() && chars.charAt(end) != '\n' && chars.charAt(end) != '\r') {
            end++;
        }
        char[] passphrase = new char[end];
        chars.get(passphrase, 0, end);
        chars.clear();
        while (chars.hasRemaining()) {
            chars.put('\0');
        }
        if (passphrase.length == 0) {
            throw new CryptoException("passphrase file " + file + " is empty: write the passphrase on its first line");
        }
        return passphrase;
    }
}
