package io.faultline.kv.loop;

import io.faultline.kv.NodeCore;
import io.faultline.kv.log.NodeLog;
import io.faultline.kv.storage.Disk;
import io.faultline.kv.storage.DiskBatch;
import io.faultline.raft.pb.Message;
import io.faultline.raft.pb.MessageType;
import io.faultline.sim.SimCluster;
import io.faultline.sim.SimDisk;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Node 1 of a three-node cluster, driven by hand: the test steps peer messages into its
 * real {@link NodeDriver}, and one trace records disk writes (synced or not) and sent
 * messages in the order they happened, so a test can say what left before what was durable.
 */
final class DriverRig {
    /** One thing the node did: a write of {@code batch} ({@code message} null) or a send. */
    record Event(DiskBatch batch, boolean sync, Message message) {
        boolean isSyncedWrite() {
            return message == null && sync;
        }

        boolean isWrite() {
            return message == null;
        }

        boolean isSend(MessageType type) {
            return message != null && message.getMsgType() == type;
        }
    }

    final List<Event> trace = new ArrayList<>();
    /** What the node logged. */
    final java.io.ByteArrayOutputStream logged = new java.io.ByteArrayOutputStream();
    final NodeDriver driver;
    private long now;

    DriverRig() {
        SimDisk disk = new SimDisk();
        Disk recording = new Disk() {
            @Override
            public byte[] get(Family family, byte[] key) {
                return disk.get(family, key);
            }

            @Override
            public void write(DiskBatch batch, boolean sync) {
                trace.add(new Event(batch, sync, null));
                disk.write(batch, sync);
            }

            @Override
            public void scan(Family family, byte[] from, Visitor visitor) {
                disk.scan(family, from, visitor);
            }

            @Override
            public byte[] lastKey(Family family) {
                return disk.lastKey(family);
            }
        };
        PeerSender sender = new PeerSender() {
            @Override
            public void send(List<Message> messages) {
                for (Message m : messages) trace.add(new Event(null, false, m));
            }

            @Override
            public void setAddress(long id, String address) {}
        };
        var config = SimCluster.config(1, "1=n1:7001,2=n2:7001,3=n3:7001", "1=n1:7000,2=n2:7000,3=n3:7000", List.of());
        NodeLog log = new NodeLog(1, new PrintStream(logged, true, java.nio.charset.StandardCharsets.UTF_8));
        driver = NodeCore.open(config, recording, log, sender, () -> now, 7, 1);
        trace.clear();
    }

    /** Steps {@code m} into the node and handles what it leads to. */
    void step(Message m) {
        driver.step(m);
        settle();
    }

    void settle() {
        for (int i = 0; i < 16 && driver.hasWork(); i++) driver.process();
    }

    /** Ticks until the node campaigns, then grants it n2's pre-vote and vote: it leads. Returns its term. */
    long elect() {
        for (int i = 0; i < 1000 && !sent(MessageType.MSG_REQUEST_PRE_VOTE); i++) {
            now += 1_000_000;
            driver.tick();
            settle();
        }
        Message preVote = last(MessageType.MSG_REQUEST_PRE_VOTE);
        step(Message.newBuilder().setMsgType(MessageType.MSG_REQUEST_PRE_VOTE_RESPONSE).setFrom(2).setTo(1)
                .setTerm(preVote.getTerm()).build());
        Message vote = last(MessageType.MSG_REQUEST_VOTE);
        step(Message.newBuilder().setMsgType(MessageType.MSG_REQUEST_VOTE_RESPONSE).setFrom(2).setTo(1)
                .setTerm(vote.getTerm()).build());
        if (!driver.status().getRole().equals("leader")) throw new AssertionError("not elected: " + driver.status());
        return vote.getTerm();
    }

    boolean sent(MessageType type) {
        return trace.stream().anyMatch(e -> e.isSend(type));
    }

    Message last(MessageType type) {
        for (int i = trace.size() - 1; i >= 0; i--) {
            if (trace.get(i).isSend(type)) return trace.get(i).message();
        }
        throw new AssertionError("no " + type + " sent; trace " + trace);
    }

    int indexOfSend(MessageType type) {
        for (int i = 0; i < trace.size(); i++) {
            if (trace.get(i).isSend(type)) return i;
        }
        throw new AssertionError("no " + type + " sent; trace " + trace);
    }

    int indexOfFirstSyncedWrite() {
        for (int i = 0; i < trace.size(); i++) {
            if (trace.get(i).isSyncedWrite()) return i;
        }
        throw new AssertionError("no synced write; trace " + trace);
    }

    long syncedWrites() {
        return trace.stream().filter(Event::isSyncedWrite).count();
    }
}
