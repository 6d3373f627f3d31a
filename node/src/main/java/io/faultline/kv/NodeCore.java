package io.faultline.kv;

import io.faultline.kv.log.NodeLog;
import io.faultline.kv.loop.Clock;
import io.faultline.kv.loop.LoopSettings;
import io.faultline.kv.loop.NodeDriver;
import io.faultline.kv.loop.PeerSender;
import io.faultline.kv.peer.Member;
import io.faultline.kv.sm.KvStateMachine;
import io.faultline.kv.storage.Disk;
import io.faultline.kv.storage.DiskBatch;
import io.faultline.kv.storage.DiskRaftStorage;
import io.faultline.kv.config.NodeConfig;
import io.faultline.raft.RaftConfig;
import io.faultline.raft.RawNode;
import io.faultline.raft.BrokenRule;
import io.faultline.kv.config.PlantedBug;
import io.faultline.raft.pb.ConfState;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Builds a node's {@link NodeDriver} from what it was given: a disk (as it survived
 * the last stop), a peer sender and a clock. Production ({@link KvNode}) and the
 * simulator assemble a node the same way, so they run the same code from the disk up.
 */
public final class NodeCore {
    private NodeCore() {}

    /**
     * @param raftSeed    seeds the Raft core's randomised election timeouts
     * @param incarnation tells this start's proposals from an earlier start's replayed ones
     */
    public static NodeDriver open(NodeConfig config, Disk disk, NodeLog log, PeerSender sender, Clock clock,
            long raftSeed, long incarnation) {
        KvStateMachine[] machineRef = new KvStateMachine[1];
        DiskRaftStorage raftLog = new DiskRaftStorage(disk, () -> machineRef[0].snapshot());
        KvStateMachine machine = new KvStateMachine(disk, raftLog);
        machineRef[0] = machine;
        boolean fresh = bootstrapIfNew(config, disk, raftLog, machine, log);

        RaftConfig raftConfig = RaftConfig.defaults(config.id(), raftLog)
                .withElectionTick(config.electionTicks())
                .withHeartbeatTick(config.heartbeatTicks())
                .withApplied(machine.applied())
                .withRandomSeed(raftSeed)
                // Followers learn a commit from the next append or heartbeat: two messages and a
                // follower Ready fewer per write at low load (docs/raft.md, RaftConfig).
                .withBroadcastCommit(false);
        if (config.unsafe().has(PlantedBug.STALE_LEADER_COMMIT)) {
            // One entry per append and one append in flight, so a follower acknowledges an
            // earlier-term entry before the new leader's no-op has even been sent to it (the
            // no-op otherwise hides the figure-8 mistake).
            raftConfig = raftConfig.withMaxSizePerMsg(1).withMaxInflightMsgs(1)
                    .withBrokenRules(java.util.Set.of(BrokenRule.COMMIT_EARLIER_TERM_BY_COUNT));
        }
        RawNode raft = new RawNode(raftConfig);
        log.state(raft.term(), "follower");
        log.info("starting: data dir " + config.dataDir() + (fresh ? " (new)" : "") + ", cluster "
                + Long.toHexString(config.clusterId()) + ", voters " + raftLog.confState().getVotersList() + ", applied "
                + machine.applied() + ", last index " + raftLog.lastIndex() + ", raft seed " + raftSeed);

        LoopSettings settings = new LoopSettings(config.snapshotThreshold(), config.requestTimeoutMs(),
                Math.max(config.requestTimeoutMs(), 4L * config.electionTicks() * config.tickMs()), config.unsafe());
        SortedMap<Long, String> clientAddresses = new TreeMap<>(config.clientAddresses());
        // The command line's peer list wins over stored addresses: a restarted cluster may have moved.
        machine.members().values().forEach(m -> {
            if (!m.getPeerAddress().isEmpty()) sender.setAddress(m.getId(), m.getPeerAddress());
        });
        config.peers().forEach(sender::setAddress);
        return new NodeDriver(config.id(), raft, disk, raftLog, machine, sender, log, settings,
                peer -> clientAddressOf(peer, clientAddresses, machine), incarnation, clock);
    }

    /** A fresh disk gets the initial voters and member addresses; a joining node only the addresses. */
    private static boolean bootstrapIfNew(NodeConfig config, Disk disk, DiskRaftStorage raftLog, KvStateMachine machine,
            NodeLog log) {
        boolean untouched = raftLog.lastIndex() == 0 && raftLog.hardState().getTerm() == 0
                && raftLog.confState().getVotersCount() == 0 && machine.members().isEmpty();
        if (!untouched) return false;
        Map<Long, Member> members = new TreeMap<>();
        config.peers().forEach((id, address) -> members.put(id, Member.newBuilder().setId(id).setPeerAddress(address)
                .setClientAddress(config.clientAddresses().getOrDefault(id, "")).build()));
        DiskBatch batch = new DiskBatch();
        if (!config.join()) {
            raftLog.setConfState(batch, ConfState.newBuilder().addAllVoters(config.initialVoters().keySet()).build());
        }
        machine.bootstrapMembers(batch, members);
        disk.write(batch, true);
        log.info(config.join() ? "new data directory: waiting to be added to the cluster"
                : "new data directory: bootstrapped voters " + config.initialVoters().keySet());
        return true;
    }

    private static String clientAddressOf(long peer, Map<Long, String> configured, KvStateMachine machine) {
        String address = configured.get(peer);
        if (address != null) return address;
        Member member = machine.members().get(peer);
        return member == null || member.getClientAddress().isEmpty() ? null : member.getClientAddress();
    }
}
