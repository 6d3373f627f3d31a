package io.faultline.raft;

import com.google.protobuf.ByteString;
import io.faultline.raft.pb.Entry;
import io.faultline.raft.pb.EntryType;
import io.faultline.raft.pb.Message;
import io.faultline.raft.pb.MessageType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * A synchronous in-memory cluster for unit tests: every Ready is persisted to the
 * node's MemoryStorage, applied, and its messages delivered at once (unless a filter
 * drops them), until nothing is left to do.
 */
final class TestCluster {

    static final class Node {
        final MemoryStorage storage;
        RawNode rawNode;
        final List<Entry> applied = new ArrayList<>();
        final List<ReadState> readStates = new ArrayList<>();

        Node(MemoryStorage storage, RawNode rawNode) {
            this.storage = storage;
            this.rawNode = rawNode;
        }

        Raft raft() {
            return rawNode.raft();
        }

        List<ByteString> appliedData() {
            List<ByteString> out = new ArrayList<>();
            for (Entry e : applied) {
                if (e.getEntryType() == EntryType.ENTRY_NORMAL && !e.getData().isEmpty()) {
                    out.add(e.getData());
                }
            }
            return out;
        }
    }

    final Map<Long, Node> nodes = new TreeMap<>();
    private final Set<Long> isolated = new HashSet<>();
    private final Set<List<Long>> cut = new HashSet<>();
    private Predicate<Message> dropIf = m -> false;
    final List<Message> delivered = new ArrayList<>();
    private UnaryOperator<RaftConfig> tweak = c -> c;

    static TestCluster of(int n) {
        return of(n, c -> c);
    }

    static TestCluster of(int n, UnaryOperator<RaftConfig> tweak) {
        TestCluster tc = new TestCluster();
        tc.tweak = tweak;
        List<Long> ids = new ArrayList<>();
        for (long i = 1; i <= n; i++) {
            ids.add(i);
        }
        for (long id : ids) {
            MemoryStorage s = MemoryStorage.withVoters(ids);
            tc.nodes.put(id, new Node(s, new RawNode(tweak.apply(config(id, s)))));
        }
        return tc;
    }

    static RaftConfig config(long id, Storage s) {
        return RaftConfig.defaults(id, s).withRandomSeed(id * 7919L);
    }

    /** Starts a new, empty node that knows the membership {@code voters} (itself included). */
    Node addNode(long id, List<Long> voters) {
        MemoryStorage s = MemoryStorage.withVoters(voters);
        Node n = new Node(s, new RawNode(tweak.apply(config(id, s))));
        nodes.put(id, n);
        return n;
    }

    /** Crashes {@code id} and starts it again from its storage, its applied state machine kept. */
    void restart(long id) {
        Node n = node(id);
        long applied = n.applied.isEmpty() ? 0 : n.applied.get(n.applied.size() - 1).getIndex();
        n.rawNode = new RawNode(tweak.apply(config(id, n.storage)).withApplied(applied));
    }

    Node node(long id) {
        return nodes.get(id);
    }

    RawNode raw(long id) {
        return nodes.get(id).rawNode;
    }

    void isolate(long id) {
        isolated.add(id);
    }

    void heal() {
        isolated.clear();
        cut.clear();
        dropIf = m -> false;
    }

    /** Drops messages in both directions between a and b. */
    void cut(long a, long b) {
        cut.add(List.of(a, b));
        cut.add(List.of(b, a));
    }

    void dropIf(Predicate<Message> p) {
        dropIf = p;
    }

    /** Campaigns on {@code id} and runs to quiescence. */
    void elect(long id) {
        raw(id).campaign();
        stabilize();
    }

    void tick(long id, int n) {
        for (int i = 0; i < n; i++) {
            raw(id).tick();
        }
        stabilize();
    }

    void tickAll(int n) {
        for (int i = 0; i < n; i++) {
            for (Node nd : nodes.values()) {
                nd.rawNode.tick();
            }
            stabilize();
        }
    }

    void propose(long id, String data) {
        raw(id).propose(ByteString.copyFromUtf8(data));
        stabilize();
    }

    /** Handles every Ready and delivers every message until the cluster is quiet. */
    void stabilize() {
        ArrayDeque<Message> inFlight = new ArrayDeque<>();
        for (int rounds = 0; rounds < 10_000; rounds++) {
            boolean any = false;
            for (Node nd : nodes.values()) {
                if (nd.rawNode.hasReady()) {
                    any = true;
                    inFlight.addAll(handleReady(nd));
                }
            }
            while (!inFlight.isEmpty()) {
                any = true;
                Message m = inFlight.pollFirst();
                if (dropped(m)) {
                    continue;
                }
                delivered.add(m);
                Node to = nodes.get(m.getTo());
                if (to != null) {
                    to.rawNode.step(m);
                }
            }
            if (!any) {
                return;
            }
        }
        throw new AssertionError("cluster did not stabilize");
    }

    private boolean dropped(Message m) {
        return isolated.contains(m.getFrom()) || isolated.contains(m.getTo())
                || cut.contains(List.of(m.getFrom(), m.getTo())) || dropIf.test(m);
    }

    static List<Message> handleReady(Node nd) {
        Ready rd = nd.rawNode.ready();
        if (rd.snapshot() != null) {
            nd.storage.applySnapshot(rd.snapshot());
        }
        nd.storage.append(rd.entries());
        if (rd.hardState() != null) {
            nd.storage.setHardState(rd.hardState());
        }
        for (Entry e : rd.committedEntries()) {
            nd.applied.add(e);
            if (Raft.isConfChange(e)) {
                nd.storage.setConfState(nd.rawNode.applyConfChange(e));
            }
        }
        nd.readStates.addAll(rd.readStates());
        nd.rawNode.advance(rd);
        return rd.messages();
    }

    long leader() {
        long lead = 0;
        for (Map.Entry<Long, Node> e : nodes.entrySet()) {
            if (e.getValue().rawNode.state() == StateType.LEADER) {
                lead = e.getKey();
            }
        }
        return lead;
    }

    List<Message> deliveredOfType(MessageType t) {
        List<Message> out = new ArrayList<>();
        for (Message m : delivered) {
            if (m.getMsgType() == t) {
                out.add(m);
            }
        }
        return out;
    }
}
