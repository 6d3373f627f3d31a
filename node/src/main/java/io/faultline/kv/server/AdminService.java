package io.faultline.kv.server;

import io.faultline.kv.api.AddMemberRequest;
import io.faultline.kv.api.CrashPointRequest;
import io.faultline.kv.api.CrashPointResponse;
import io.faultline.kv.api.AdminGrpc;
import io.faultline.kv.api.MembershipResponse;
import io.faultline.kv.api.RemoveMemberRequest;
import io.faultline.kv.api.SnapshotRequest;
import io.faultline.kv.api.SnapshotResponse;
import io.faultline.kv.api.StatusRequest;
import io.faultline.kv.api.StatusResponse;
import io.faultline.kv.api.TransferLeaderRequest;
import io.faultline.kv.api.TransferLeaderResponse;
import io.faultline.kv.loop.CrashPoint;
import io.faultline.kv.loop.RaftLoop;
import io.faultline.kv.peer.Member;
import io.faultline.node.AddressMap;
import io.faultline.node.ConfigException;
import io.grpc.stub.StreamObserver;

/** Status and cluster operations, for the harness and operators. */
public final class AdminService extends AdminGrpc.AdminImplBase {
    private final RaftLoop loop;
    private final RequestValidator validator;

    public AdminService(RaftLoop loop, RequestValidator validator) {
        this.loop = loop;
        this.validator = validator;
    }

    @Override
    public void status(StatusRequest request, StreamObserver<StatusResponse> observer) {
        Replies.reply(loop.status(), s -> s, observer);
    }

    @Override
    public void addMember(AddMemberRequest request, StreamObserver<MembershipResponse> observer) {
        try {
            validator.known(request);
            if (request.getId() < 1) throw RequestValidator.invalid("id must be >= 1");
            AddressMap.checkAddress("peer_address", request.getPeerAddress());
            if (!request.getClientAddress().isEmpty()) AddressMap.checkAddress("client_address", request.getClientAddress());
        } catch (ConfigException e) {
            observer.onError(RequestValidator.invalid(e.getMessage()));
            return;
        } catch (RuntimeException e) {
            observer.onError(Replies.status(e));
            return;
        }
        Member member = Member.newBuilder().setId(request.getId()).setPeerAddress(request.getPeerAddress())
                .setClientAddress(request.getClientAddress()).build();
        Replies.reply(loop.addMember(member), v -> MembershipResponse.newBuilder().addAllVoters(v).build(), observer);
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
        CrashPoint point;
        try {
            validator.known(request);
            point = CrashPoint.parse(request.getPoint());
        } catch (RuntimeException e) {
            observer.onError(e instanceof IllegalArgumentException ? RequestValidator.invalid(e.getMessage()) : Replies.status(e));
            return;
        }
        loop.armCrashPoint(point, request.getCommitIndex());
        observer.onNext(CrashPointResponse.newBuilder().setArmed(point.wireName()).build());
        observer.onCompleted();
    }

    @Override
    public void snapshot(SnapshotRequest request, StreamObserver<SnapshotResponse> observer) {
        Replies.reply(loop.compactNow(),
                point -> SnapshotResponse.newBuilder().setIndex(point[0]).setTerm(point[1]).build(), observer);
    }
}
