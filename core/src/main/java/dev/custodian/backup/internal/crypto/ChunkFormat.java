package dev.custodian.backup.internal.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * The layout of an encrypted part and the sealing of one chunk.
 *
 * <pre>
 * header   magic "CUSTENC" (7 bytes), version (1 byte), chunk size (int32, big-endian),
 *          nonce prefix (8 random bytes)
 * chunks   AES-256-GCM ciphertext of each plaintext chunk followed by its 16-byte tag;
 *          every chunk but the last holds exactly chunk-size plaintext bytes, the last fewer
 *          (possibly none)
 * </pre>
 *
 * A chunk's nonce is the prefix followed by the chunk index (uint32, big-endian). Its associated
 * data is the header, the set id and the part name (each length-prefixed UTF-8), the chunk index
 * (int64) and a last-chunk flag, so a chunk authenticates only at its place in its part of its
 * set, and only the last chunk may end the part.
 */
final class ChunkFormat {
    static final byte[] MAGIC = {'C', 'U', 'S', 'T', 'E', 'N', 'C'};
    static final int VERSION = 1;
    static final int HEADER_LENGTH = MAGIC.length + 1 + 4 + 8;
    static final int TAG_LENGTH = 16;
    static final int NONCE_LENGTH = 12;
    /**
     * 64 KiB: the JDK's AES-GCM decrypts a chunk in one call, and with 1 MiB chunks a fresh JVM
     * runs it interpreted (about 65 MiB/s) for hundreds of megabytes before the JIT compiles it;
     * with 64 KiB chunks it reaches GB/s after about a hundred megabytes. The tag costs 0.02 %.
     */
    static final int DEFAULT_CHUNK_SIZE = 64 << 10;
    /** Encryption is fed to the cipher in slices of this size, which the JIT compiles early. */
    private static final int SLICE = 16 << 10;
    static final int MIN_CHUNK_SIZE = 16;
    static final int MAX_CHUNK_SIZE = 16 << 20;
    static final long MAX_CHUNKS = 1L << 32;

    private final String partName;
    private final SecretKey key;
    private final Cipher cipher;
    private final byte[] noncePrefix;
    private final byte[] aad;
    private final int aadFixed;

    ChunkFormat(DataKey key, String setId, String partName, byte[] header) throws CryptoException {
        this.partName = partName;
        this.key = key.secretKey();
        this.noncePrefix = Arrays.copyOfRange(header, HEADER_LENGTH - 8, HEADER_LENGTH);
        byte[] set = utf8(setId, "set id");
        byte[] part = utf8(partName, "part name");
        ByteBuffer b = ByteBuffer.allocate(header.length + 4 + set.length + 4 + part.length + 8 + 1);
        b.put(header).putInt(set.length).put(set).putInt(part.length).put(part);
        this.aadFixed = b.position();
        this.aad = b.array();
        try {
            this.cipher = Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new CryptoException("AES-GCM is not available in this JVM: " + e.getMessage(), e);
        }
    }

    private static byte[] utf8(String s, String what) {
        if (s == null || s.isEmpty()) {
            throw new IllegalArgumentException("the " + what + " of an encrypted part must not be empty");
        }
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A new header with the chunk size and a random nonce prefix. */
    static byte[] newHeader(int chunkSize) {
        checkChunkSize(chunkSize);
        ByteBuffer b = ByteBuffer.allocate(HEADER_LENGTH);
        b.put(MAGIC).put((byte) VERSION).putInt(chunkSize).put(Randoms.bytes(8));
        return b.array();
    }

    static void checkChunkSize(int chunkSize) {
        if (chunkSize < MIN_CHUNK_SIZE || chunkSize > MAX_CHUNK_SIZE) {
            throw new IllegalArgumentException("chunk size must be between " + MIN_CHUNK_SIZE + " and "
                    + MAX_CHUNK_SIZE + " bytes, not " + chunkSize);
        }
    }

    /** Checks a header read back and returns its chunk size. */
    static int parseHeader(byte[] header, int length, String partName) throws CryptoException {
        if (length < HEADER_LENGTH) {
            throw new CryptoException("part " + partName + " is truncated within its encryption header ("
                    + length + " of " + HEADER_LENGTH + " bytes)");
        }
        if (!Arrays.equals(header, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new CryptoException("part " + partName + " is not an encrypted part (its header is not "
                    + "Custodian's): the data was changed or the part is stored in plain form");
        }
        int version = header[MAGIC.length] & 0xff;
        if (version != VERSION) {
            throw new CryptoException("part " + partName + " uses encryption format version " + version
                    + "; this Custodian reads version " + VERSION + ": read it with a newer Custodian");
        }
        int chunkSize = ByteBuffer.wrap(header, MAGIC.length + 1, 4).getInt();
        if (chunkSize < MIN_CHUNK_SIZE || chunkSize > MAX_CHUNK_SIZE) {
            throw new CryptoException("part " + partName + " has an invalid chunk size " + chunkSize
                    + " in its encryption header: the data was changed");
        }
        return chunkSize;
    }

    /** Encrypts {@code len} bytes of {@code buf} in place; returns the sealed length (len + tag). */
    int seal(byte[] buf, int len, long index, boolean last) throws CryptoException {
        try {
            init(Cipher.ENCRYPT_MODE, index, last);
            int out = 0;
            for (int off = 0; off < len; off += SLICE) {
                // in place: the output never runs ahead of the input still to be read
                out += cipher.update(buf, off, Math.min(SLICE, len - off), buf, out);
            }
            return out + cipher.doFinal(buf, out);
        } catch (GeneralSecurityException e) {
            throw new CryptoException("part " + partName + " chunk " + index + " cannot be encrypted: "
                    + e.getMessage(), e);
        }
    }

    /** Decrypts and authenticates {@code len} sealed bytes of {@code buf} in place; returns the plaintext length. */
    int open(byte[] buf, int len, long index, boolean last) throws CryptoException {
        if (len < TAG_LENGTH) {
            throw authenticationFailure(index);
        }
        try {
            init(Cipher.DECRYPT_MODE, index, last);
            return cipher.doFinal(buf, 0, len, buf, 0);
        } catch (javax.crypto.AEADBadTagException e) {
            throw authenticationFailure(index);
        } catch (GeneralSecurityException e) {
            throw new CryptoException("part " + partName + " chunk " + index + " cannot be decrypted: "
                    + e.getMessage(), e);
        }
    }

    CryptoException authenticationFailure(long index) {
        return new CryptoException("part " + partName + " chunk " + index + " fails authentication: the data "
                + "was changed, reordered, truncated or belongs to another set");
    }

    private void init(int mode, long index, boolean last) throws GeneralSecurityException {
        if (index < 0 || index >= MAX_CHUNKS) {
            throw new GeneralSecurityException("a part holds at most " + MAX_CHUNKS + " chunks");
        }
        byte[] nonce = Arrays.copyOf(noncePrefix, NONCE_LENGTH);
        ByteBuffer.wrap(nonce, 8, 4).putInt((int) index);
        ByteBuffer.wrap(aad, aadFixed, 9).putLong(index).put((byte) (last ? 1 : 0));
        cipher.init(mode, key, new GCMParameterSpec(TAG_LENGTH * 8, nonce));
        cipher.updateAAD(aad);
    }

    /** The stored size of a part of {@code plaintextSize} bytes in chunks of {@code chunkSize}. */
    static long encryptedSize(long plaintextSize, int chunkSize) {
        long chunks = plaintextSize / chunkSize + 1;
        return HEADER_LENGTH + plaintextSize + chunks * TAG_LENGTH;
    }
}
