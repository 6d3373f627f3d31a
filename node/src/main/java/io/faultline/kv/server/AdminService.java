package io.faultline.kv.server;

import io.faultline.kv.api.AddMemberRequest;
import io.faultline.kv.api.CrashPointRequest;
import io.faultline.kv.api.CrashPointResponse;
import io.faultline.kv.api.AdminGrpc;
import io.faultline.kv.api.MembershipResponse;
import io.faultline.kv.api.RemoveMemberRequest;
import io.faultline.kv.api.ReplaceMemberRequest;
import io.faultline.kv.api.SnapshotRequest;
import io.faultline.kv.api.SnapshotResponse;
import io.faultline.kv.api.StatusRequest;
import io.faultline.kv.api.StatusResponse;
import io.faultline.kv.api.TransferLeaderRequest;
import io.faultline.kv.api.TransferLeaderResponse;
import io.faultline.kv.api.ClockRateRequest;
import io.faultline.kv.api.ClockRateResponse;
import io.faultline.kv.api.LinkDuplicationRequest;
import io.faultline.kv.api.LinkDuplicationResponse;
import io.faultline.kv.log.NodeLog;
import io.faultline.kv.loop.CrashPoint;
import io.faultline.kv.loop.ScaledClock;
import io.faultline.kv.transport.FrameDuplication;
import io.faultline.kv.transport.PeerTransport;
import io.faultline.kv.loop.RaftLoop;
import io.faultline.kv.peer.Member;
import io.faultline.kv.config.AddressMap;
import io.faultline.kv.config.ConfigException;
import io.grpc.stub.StreamObserver;

/** Status and cluster operations, for the harness and operators. */
public final class AdminService extends AdminGrpc.AdminImplBase {
    private final RaftLoop loop;
    private final RequestValidator validator;
    private final ScaledClock clock;
    private final PeerTransport transport;
    private final NodeLog log;

    /** {@code clock}: the one the node's ticker and deadlines read; {@code transport}: its peer links. */
    public AdminService(RaftLoop loop, RequestValidator validator, ScaledClock clock, PeerTransport transport, NodeLog log) {
        this.loop = loop;
        this.validator = validator;
        this.clock = clock;
        this.transport = transport;
        this.log = log;
    }

    @Override
    public void status(StatusRequest request, StreamObserver<StatusResponse> observer) {
        Replies.reply(loop.status(), s -> s, observer);
    }

    @Override
    public void addMember(AddMemberRequest request, StreamObserver<MembershipResponse> observer) {
        Member member = newMember(request, "id", request.getId(), request.getPeerAddress(), request.getClientAddress(),
                observer);
        if (member != null) {
            Replies.reply(loop.addMember(member), v -> MembershipResponse.newBuilder().addAllVoters(v).build(), observer);
        }
    }

    /** The member a request describes, or null after answering the request with why it is invalid. */
    private Member newMember(com.google.protobuf.Message request, String idField, long id, String peerAddress,
            String clientAddress, StreamObserver<?> observer) {
        try {
            validator.known(request);
            if (id < 1) throw RequestValidator.invalid(idField + " must be >= 1");
            AddressMap.checkAddress("peer_address", peerAddress);
            if (!clientAddress.isEmpty()) AddressMap.checkAddress("client_address", clientAddress);
        } catch (ConfigException e) {
            observer.onError(RequestValidator.invalid(e.getMessage()));
            return null;
        } catch (RuntimeException e) {
            observer.onError(Replies.status(e));
            return null;
        }
        return Member.newBuilder().setId(id).setPeerAddress(peerAddress).setClientAddress(clientAddress).build();
    }

    @Override
    public void replaceMember(ReplaceMemberRequest request, StreamObserver<MembershipResponse> observer) {
        if (request.getRemoveId() < 1 || request.getRemoveId() == request.getAddId()) {
            observer.onError(RequestValidator.invalid(request.getRemoveId() < 1 ? "remove_id must be >= 1"
                    : "add_id and remove_id are both " + request.getAddId()));
            return;
        }
        Member member = newMember(request, "add_id", request.getAddId(), request.getPeerAddress(),
                request.getClientAddress(), observer);
        if (member != null) {
            Replies.reply(loop.replaceMember(request.getRemoveId(), member),
                    v -> MembershipResponse.newBuilder().addAllVoters(v).build(), observer);
        }
    }

    @Override
    public void removeMember(RemoveMemberRequest request, StreamObserver<MembershipResponse> observer) {
        if (request.getId() < 1) {
            observer.onError(RequestValidator.invalid("id must be >= 1"));
            return;
        }
        Replies.reply(loop.removeMember(request.getId()),
                v -> MembershipResponse.newBuilder().addAllVoters(v).build(), observer);
    }

    @Override
    public void transferLeader(TransferLeaderRequest request, StreamObserver<TransferLeaderResponse> observer) {
        if (request.getTo() < 1) {
            observer.onError(RequestValidator.invalid("to must be >= 1"));
            return;
        }
        Replies.reply(loop.transferLeader(request.getTo()),
                leader -> TransferLeaderResponse.newBuilder().setLeaderId(leader).build(), observer);
    }

    @Override
    public void armCrashPoint(CrashPointRequest request, StreamObserver<CrashPointResponse> observer) {
        CrashPoint point = faultSetting(request, observer, () -> {
            CrashPoint p = CrashPoint.parse(request.getPoint());
            loop.armCrashPoint(p, request.getCommitIndex());
            return p;
        });
        if (point == null) return;
        observer.onNext(CrashPointResponse.newBuilder().setArmed(point.wireName()).build());
        observer.onCompleted();
    }

    @Override
    public void setClockRate(ClockRateRequest request, StreamObserver<ClockRateResponse> observer) {
        Double before = faultSetting(request, observer, () -> {
            double was = clock.rate();
            clock.rate(request.getRate());
            return was;
        });
        if (before == null) return;
        log.info("clock rate " + request.getRate() + "x (was " + before + "x): ticks and deadlines run "
                + (request.getRate() == 1 ? "in true time" : request.getRate() > 1 ? "fast" : "slow"));
        observer.onNext(ClockRateResponse.newBuilder().setPreviousRate(before).build());
        observer.onCompleted();
    }

    @Override
    public void setLinkDuplication(LinkDuplicationRequest request, StreamObserver<LinkDuplicationResponse> observer) {
        FrameDuplication.Tally before = faultSetting(request, observer,
                () -> transport.duplicateFrames(request.getProbability(), request.getSeed()));
        if (before == null) return;
        observer.onNext(LinkDuplicationResponse.newBuilder().setPreviousProbability(before.probability())
                .setFrames(before.frames()).setDuplicated(before.duplicated()).build());
        observer.onCompleted();
    }

    /**
     * Applies a fault-injection setting; null after answering the request with why it was
     * refused (a bad value is INVALID_ARGUMENT).
     */
    private <T> T faultSetting(com.google.protobuf.Message request, StreamObserver<?> observer,
            java.util.function.Supplier<T> apply) {
        try {
            validator.known(request);
            return apply.get();
        } catch (IllegalArgumentException e) {
            observer.onError(RequestValidator.invalid(e.getMessage()));
        } catch (RuntimeException e) {
            observer.onError(Replies.status(e));
        }
        return null;
    }

    @Override
    public void snapshot(SnapshotRequest request, StreamObserver<SnapshotResponse> observer) {
        Replies.reply(loop.compactNow(),
                point -> SnapshotResponse.newBuilder().setIndex(point[0]).setTerm(point[1]).build(), observer);
    }
}
