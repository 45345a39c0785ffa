package dev.custodian.redis.internal.backup;

import java.util.Arrays;
import redis.clients.jedis.Connection;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Pipelines commands on a connection in batches of 10,000 commands or 8 MiB, one batch behind:
 * the replies of a batch are read (and checked: an error reply throws) only after the next batch
 * has been sent, so the server always has a batch to work on while the client reads and prepares
 * the next one, instead of waiting for the client after every batch.
 */
final class PipelineSink implements CommandSink {
    private static final int BATCH_COMMANDS = 10_000;
    private static final long BATCH_BYTES = 8L * 1024 * 1024;
    private final Connection connection;
    /** Where commands are written when not through the connection; null otherwise. */
    private final RawCommands raw;
    /** Commands of the batch being sent. */
    private int sending;
    private long bytes;
    /** Commands of the batch sent before, whose replies are still to be read. */
    private int owed;

    PipelineSink(Jedis j) {
        this(j, null);
    }

    /** Writes the commands with {@code raw} (to the connection's socket), reads the replies through {@code j}. */
    PipelineSink(Jedis j, RawCommands raw) {
        this.connection = j.getConnection();
        this.raw = raw;
    }

    @Override
    public void send(byte[]... command) {
        if (raw != null) {
            raw.send(command);
        } else {
            connection.sendCommand(new Raw.Cmd(command[0]), Arrays.copyOfRange(command, 1, command.length));
        }
        sending++;
        for (byte[] arg : command) {
            bytes += arg.length;
        }
        if (sending >= BATCH_COMMANDS || bytes >= BATCH_BYTES) {
            read(owed);
            owed = sending;
            sending = 0;
            bytes = 0;
        }
    }

    @Override
    public void flush() {
        int all = owed + sending;
        owed = 0;
        sending = 0;
        bytes = 0;
        read(all);
    }

    /** Reads n replies: the first one sends whatever is still buffered, the rest arrive behind it. */
    private void read(int n) {
        if (raw != null) {
            raw.flush();
        }
        for (int i = 0; i < n; i++) {
            Object reply = i == 0 ? connection.getOne() : connection.getUnflushedObject();
            if (reply instanceof JedisDataException error) {
                throw error;
            }
        }
    }
}
