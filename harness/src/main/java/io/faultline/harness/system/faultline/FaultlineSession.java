package io.faultline.harness.system.faultline;

import io.faultline.harness.system.MembershipCalls;
import io.faultline.harness.system.CrashPoints;
import io.faultline.harness.system.FailoverClient;
import io.faultline.harness.system.InProcessFaults;
import io.faultline.harness.system.MemberChanges;
import io.faultline.harness.system.NodeStatus;
import io.faultline.harness.system.SystemClient;
import io.faultline.harness.system.SystemSession;
import io.faultline.kv.api.AdminGrpc;
import io.faultline.kv.config.MemberNumbers;
import io.faultline.kv.api.AddMemberRequest;
import io.faultline.kv.api.ClockRateRequest;
import io.faultline.kv.api.CrashPointRequest;
import io.faultline.kv.api.LinkDuplicationRequest;
import io.faultline.kv.api.LinkDuplicationResponse;
import io.faultline.kv.api.RemoveMemberRequest;
import io.faultline.kv.api.StatusRequest;
import io.faultline.kv.api.StatusResponse;
import io.faultline.kv.api.TransferLeaderRequest;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The node's Admin API (Status, ArmCrashPoint, TransferLeader, membership) on one channel per
 * node. Nodes are named by place; the member in a place is {@link MemberNumbers#of} its place
 * and generation, learnt from its status answers.
 */
final class FaultlineSession implements SystemSession, CrashPoints, MemberChanges, InProcessFaults {
    private static final Duration PROBE_TIMEOUT = Duration.ofMillis(700);
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration TRANSFER_TIMEOUT = Duration.ofMillis(1500);
    private static final Duration MEMBERSHIP_CALL_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration MEMBERSHIP_TIMEOUT = Duration.ofSeconds(20);

    private final Map<Integer, String> addresses;
    private final Map<Integer, ManagedChannel> channels = new LinkedHashMap<>();
    /** The member each place answered as last (a place not heard from yet holds its original member). */
    private final Map<Integer, Long> memberAt = new java.util.concurrent.ConcurrentHashMap<>();

    FaultlineSession(Map<Integer, String> addresses) {
        this.addresses = Map.copyOf(addresses);
        for (var e : new java.util.TreeMap<>(addresses).entrySet()) {
            channels.put(e.getKey(), ManagedChannelBuilder.forTarget(e.getValue()).usePlaintext().build());
        }
    }

    @Override
    public List<NodeStatus> statuses() {
        List<NodeStatus> out = new ArrayList<>();
        for (int id : channels.keySet()) out.add(status(id));
        return out;
    }

    private NodeStatus status(int id) {
        try {
            StatusResponse r = admin(id, PROBE_TIMEOUT).status(StatusRequest.getDefaultInstance());
            memberAt.put(id, r.getId());
            return NodeStatus.of(id, new NodeStatus.State(r.getRole(), r.getTerm(), MemberNumbers.place(r.getLeaderId()),
                    r.getCommitIndex(), r.getAppliedIndex(), r.getLastIndex()));
        } catch (StatusRuntimeException e) {
            return NodeStatus.noAnswer(id, e.getStatus().getCode().name());
        }
    }

    @Override
    public SystemClient client(Duration opTimeout, int firstNode) {
        return FaultlineSystem.client(addresses, opTimeout, firstNode);
    }

    @Override
    public SystemClient boundClient(Duration opTimeout, int node) {
        // A failover client that knows no other node: refusals are retried there and end as fail.
        return FaultlineSystem.client(Map.of(node, addresses.get(node)), opTimeout, node);
    }

    @Override
    public Optional<CrashPoints> crashPoints() {
        return Optional.of(this);
    }

    @Override
    public void arm(int node, String point, long commitIndex) {
        admin(node, ADMIN_TIMEOUT).armCrashPoint(
                CrashPointRequest.newBuilder().setPoint(point).setCommitIndex(commitIndex).build());
    }

    @Override
    public void transferLeader(int leader, int to) {
        admin(leader, TRANSFER_TIMEOUT).transferLeader(TransferLeaderRequest.newBuilder().setTo(member(to)).build());
    }

    private long member(int place) {
        return memberAt.getOrDefault(place, (long) place);
    }

    @Override
    public Optional<InProcessFaults> inProcessFaults() {
        return Optional.of(this);
    }

    @Override
    public void clockRate(int node, double rate) {
        admin(node, ADMIN_TIMEOUT).setClockRate(ClockRateRequest.newBuilder().setRate(rate).build());
    }

    @Override
    public String duplicateFrames(int node, double probability, long seed) {
        LinkDuplicationResponse r = admin(node, ADMIN_TIMEOUT).setLinkDuplication(
                LinkDuplicationRequest.newBuilder().setProbability(probability).setSeed(seed).build());
        return r.getPreviousProbability() == 0 ? "was off"
                : r.getDuplicated() + " of " + r.getFrames() + " frames twice";
    }

    @Override
    public Optional<MemberChanges> memberChanges() {
        return Optional.of(this);
    }

    @Override
    public List<Integer> members() {
        return places(voters().orElseThrow(() -> new IllegalStateException("no leader answered for the members")));
    }

    /** The voters (member numbers) as a leader states them; empty when none answers. */
    private Optional<List<Long>> voters() {
        for (int id : channels.keySet()) {
            try {
                StatusResponse r = admin(id, PROBE_TIMEOUT).status(StatusRequest.getDefaultInstance());
                if (NodeStatus.State.LEADER.equals(r.getRole())) return Optional.of(r.getVotersList());
            } catch (StatusRuntimeException e) {
                // down, or cut off: ask the next one
            }
        }
        return Optional.empty();
    }

    @Override
    public List<Integer> remove(int place) {
        long member = member(place);
        return onLeader("remove n" + place + " (member " + member + ")", stub -> stub.removeMember(
                RemoveMemberRequest.newBuilder().setId(member).build()).getVotersList(), v -> !v.contains(member));
    }

    @Override
    public List<Integer> add(int place, int generation) {
        long member = MemberNumbers.of(place, generation);
        String host = io.faultline.harness.system.Membership.hostName(place);
        List<Integer> after = onLeader("add n" + place + " (member " + member + ")", stub -> stub.addMember(
                AddMemberRequest.newBuilder().setId(member).setPeerAddress(host + ":" + FaultlineSystem.PEER_PORT)
                        .setClientAddress(host + ":" + FaultlineSystem.CLIENT_PORT).build()).getVotersList(),
                v -> v.contains(member));
        memberAt.put(place, member);
        return after;
    }

    /**
     * Runs a membership call on the leader: every node is asked in turn (a follower refuses
     * with its leader's hint), for up to {@link #MEMBERSHIP_TIMEOUT}. A change still in
     * progress (ABORTED) is waited out. A call whose answer was lost may have taken effect:
     * before asking again, the leader's voters are checked with {@code done}.
     */
    private List<Integer> onLeader(String what, java.util.function.Function<AdminGrpc.AdminBlockingStub, List<Long>> call,
            java.util.function.Predicate<List<Long>> done) {
        return places(MembershipCalls.untilDone(what, channels.keySet(),
                id -> call.apply(admin(id, MEMBERSHIP_CALL_TIMEOUT)), this::voters, done, MEMBERSHIP_TIMEOUT,
                e -> e instanceof StatusRuntimeException s
                        ? s.getStatus().getCode() + " " + s.getStatus().getDescription() : String.valueOf(e)));
    }

    private static List<Integer> places(List<Long> members) {
        return members.stream().map(MemberNumbers::place).sorted().toList();
    }

    private AdminGrpc.AdminBlockingStub admin(int id, Duration timeout) {
        ManagedChannel channel = channels.get(id);
        if (channel == null) throw new IllegalArgumentException("no node " + id);
        return AdminGrpc.newBlockingStub(channel).withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        Channels.closeAll(channels.values());
    }
}
