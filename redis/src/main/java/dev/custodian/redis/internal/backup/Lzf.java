package dev.custodian.redis.internal.backup;

import dev.custodian.backup.BackupException;

/** LZF decompression, as RDB files compress long strings. */
final class Lzf {
    private Lzf() {
    }

    static byte[] decompress(byte[] in, int length) {
        byte[] out = new byte[length];
        int ip = 0;
        int op = 0;
        try {
            while (ip < in.length) {
                int ctrl = in[ip++] & 0xff;
                if (ctrl < 32) {
                    int n = ctrl + 1;
                    System.arraycopy(in, ip, out, op, n);
                    ip += n;
                    op += n;
                } else {
                    int len = ctrl >> 5;
                    int ref = op - ((ctrl & 0x1f) << 8) - 1;
                    if (len == 7) {
                        len += in[ip++] & 0xff;
                    }
                    ref -= in[ip++] & 0xff;
                    len += 2;
                    for (int i = 0; i < len; i++) {
                        out[op++] = out[ref++];
                    }
                }
            }
        } catch (ArrayIndexOutOfBoundsException e) {
            throw new BackupException("an LZF-compressed string in the RDB file is corrupt");
        }
        if (op != length) {
            throw new BackupException("an LZF-compressed string in the RDB file is corrupt");
        }
        return out;
    }
}
