package dev.custodian.redis.internal.backup;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;

/** Pipelines commands on a connection, syncing every thousand commands or 16 MiB, checking replies. */
final class PipelineSink implements CommandSink {
    private static final int MAX_COMMANDS = 1000;
    private static final long MAX_BYTES = 16L * 1024 * 1024;
    private final Jedis j;
    private Pipeline pipeline;
    private final List<Response<Object>> pending = new ArrayList<>();
    private long bytes;

    PipelineSink(Jedis j) {
        this.j = j;
    }

    @Override
    public void send(byte[]... command) {
        if (pipeline == null) {
            pipeline = j.pipelined();
        }
        pending.add(pipeline.sendCommand(new Raw.Cmd(command[0]), Arrays.copyOfRange(command, 1, command.length)));
        for (byte[] arg : command) {
            bytes += arg.length;
        }
        if (pending.size() >= MAX_COMMANDS || bytes >= MAX_BYTES) {
            flush();
        }
    }

    @Override
    public void flush() {
        if (pipeline == null) {
            return;
        }
        Pipeline p = pipeline;
        pipeline = null;
        p.close();
        bytes = 0;
        try {
            for (Response<Object> r : pending) {
                r.get();
            }
        } finally {
            pending.clear();
        }
    }
}
