package io.faultline.raft.bench;

import com.google.protobuf.ByteString;
import io.faultline.raft.MemoryStorage;
import io.faultline.raft.RaftConfig;
import io.faultline.raft.RawNode;
import io.faultline.raft.Ready;
import io.faultline.raft.StateType;
import io.faultline.raft.pb.Entry;
import io.faultline.raft.pb.Message;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * Throughput and allocation of an in-memory 3-node cluster driven through the public
 * {@link RawNode} API on one thread: committed entries per second and bytes allocated
 * per committed entry (all three nodes' work, Ready handling and "network" included),
 * for 64 B and 1 KiB payloads, one entry per proposal or batches.
 *
 * <p>Run: {@code java -cp node/target/classes:node/target/lib/* io.faultline.raft.bench.RaftBench [seconds]}
 */
public final class RaftBench {

    private static final int BATCH = 64;
    /** Keeps the in-memory logs bounded: compact this far behind the applied index. */
    private static final long KEEP = 1024;

    private final boolean wire;
    private final List<MemoryStorage> storages = new ArrayList<>();
    private final List<RawNode> nodes = new ArrayList<>();
    private final long[] applied = new long[3];
    private List<Message> inFlight = new ArrayList<>();
    private long committedOnLeader;

    private RaftBench(boolean wire) {
        this.wire = wire;
        List<Long> ids = List.of(1L, 2L, 3L);
        for (long id : ids) {
            MemoryStorage s = MemoryStorage.withVoters(ids);
            storages.add(s);
            nodes.add(new RawNode(RaftConfig.defaults(id, s).withMaxInflightMsgs(1024)));
        }
        nodes.get(0).campaign();
        for (int i = 0; i < 100 && nodes.get(0).state() != StateType.LEADER; i++) {
            pump();
        }
        if (nodes.get(0).state() != StateType.LEADER) {
            throw new IllegalStateException("bench cluster elected no leader");
        }
        pump();
    }

    /** One round: every node handles its Ready, then every message produced is delivered. */
    private void pump() {
        for (int i = 0; i < nodes.size(); i++) {
            RawNode n = nodes.get(i);
            if (!n.hasReady()) {
                continue;
            }
            MemoryStorage s = storages.get(i);
            Ready rd = n.ready();
            if (rd.snapshot() != null) {
                s.applySnapshot(rd.snapshot());
            }
            s.append(rd.entries());
            if (rd.hardState() != null) {
                s.setHardState(rd.hardState());
            }
            inFlight.addAll(rd.messages());
            List<Entry> committed = rd.committedEntries();
            if (!committed.isEmpty()) {
                applied[i] = committed.get(committed.size() - 1).getIndex();
                if (i == 0) {
                    committedOnLeader += committed.size();
                }
            }
            n.advance(rd);
            if (applied[i] > s.firstIndex() + 2 * KEEP) {
                s.compact(applied[i] - KEEP);
            }
        }
        List<Message> batch = inFlight;
        inFlight = new ArrayList<>();
        for (Message m : batch) {
            nodes.get((int) m.getTo() - 1).step(wire ? reencode(m) : m);
        }
    }

    private static Message reencode(Message m) {
        try {
            return Message.parseFrom(m.toByteArray());
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Result(String mode, int payload, double entriesPerSec, double bytesPerEntry) {}

    private Result run(String mode, int payload, boolean batched, double seconds) {
        ByteString data = ByteString.copyFrom(new byte[payload]);
        List<ByteString> batch = new ArrayList<>();
        for (int i = 0; i < BATCH; i++) {
            batch.add(data);
        }
        RawNode leader = nodes.get(0);
        drive(leader, data, batch, batched, (long) (seconds * 0.25e9)); // warm-up
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        long c0 = committedOnLeader;
        long a0 = mx.getThreadAllocatedBytes(tid);
        long t0 = System.nanoTime();
        drive(leader, data, batch, batched, (long) (seconds * 1e9));
        long t1 = System.nanoTime();
        long a1 = mx.getThreadAllocatedBytes(tid);
        long entries = committedOnLeader - c0;
        return new Result(mode, payload, entries / ((t1 - t0) / 1e9), (a1 - a0) / (double) entries);
    }

    private void drive(RawNode leader, ByteString data, List<ByteString> batch, boolean batched, long nanos) {
        long end = System.nanoTime() + nanos;
        long rounds = 0;
        while (true) {
            if (batched) {
                leader.proposeBatch(batch);
            } else {
                leader.propose(data);
            }
            pump();
            if ((++rounds & 63) == 0) {
                if (System.nanoTime() > end) {
                    break;
                }
                // an occasional tick keeps heartbeats and CheckQuorum realistic
                for (RawNode n : nodes) {
                    n.tick();
                }
            }
        }
        for (int i = 0; i < 10; i++) {
            pump(); // drain
        }
    }

    public static void main(String[] args) {
        double seconds = 3;
        if (args.length > 0) {
            try {
                seconds = Double.parseDouble(args[0]);
            } catch (NumberFormatException e) {
                System.err.println("usage: RaftBench [seconds-per-case]; got '" + args[0] + "'");
                System.exit(2);
            }
        }
        System.out.printf("RaftBench: 3-node in-memory cluster on one thread; %d CPUs, Java %s, %.1f s per case%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), seconds);
        System.out.println("network 'objects' hands Message objects over; 'wire' serializes and parses each one");
        for (boolean wire : new boolean[] {false, true}) {
            for (int payload : new int[] {64, 1024}) {
                for (boolean batched : new boolean[] {false, true}) {
                    new RaftBench(wire).run("warm-up", payload, batched, Math.min(1, seconds / 3));
                }
            }
        }
        System.out.printf("%-8s %-8s %8s %14s %14s%n", "network", "mode", "payload", "entries/s", "alloc B/entry");
        for (boolean wire : new boolean[] {false, true}) {
            for (int payload : new int[] {64, 1024}) {
                for (boolean batched : new boolean[] {false, true}) {
                    Result r = new RaftBench(wire).run(batched ? "batch" + BATCH : "single", payload, batched, seconds);
                    System.out.printf("%-8s %-8s %7dB %14.0f %14.0f%n", wire ? "wire" : "objects", r.mode(),
                            r.payload(), r.entriesPerSec(), r.bytesPerEntry());
                }
            }
        }
    }
}
