package io.faultline.kv.api;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.Optional;

/**
 * The one way a node says "I am not the leader, try there": gRPC status
 * {@code FAILED_PRECONDITION} with the known leader in trailers.
 *
 * <p>A node sends it only when the request was definitely not proposed, so a
 * client may treat it as a definite failure and retry elsewhere. When the outcome
 * is unknown (the request entered the log and leadership was lost before it was
 * applied) the node answers {@code UNAVAILABLE} instead.
 */
public record NotLeader(long leaderId, String leaderClientAddress) {

    public static final Metadata.Key<String> LEADER_ID =
            Metadata.Key.of("x-faultline-leader-id", Metadata.ASCII_STRING_MARSHALLER);
    public static final Metadata.Key<String> LEADER_ADDRESS =
            Metadata.Key.of("x-faultline-leader-address", Metadata.ASCII_STRING_MARSHALLER);
    private static final String DESCRIPTION_PREFIX = "NOT_LEADER";

    public StatusRuntimeException toException() {
        Metadata trailers = new Metadata();
        trailers.put(LEADER_ID, Long.toString(leaderId));
        if (leaderClientAddress != null && !leaderClientAddress.isEmpty()) {
            trailers.put(LEADER_ADDRESS, leaderClientAddress);
        }
        String where = leaderId == 0 ? "leader unknown" : "leader is " + leaderId
                + (leaderClientAddress == null || leaderClientAddress.isEmpty() ? "" : " at " + leaderClientAddress);
        return Status.FAILED_PRECONDITION.withDescription(DESCRIPTION_PREFIX + ": " + where)
                .asRuntimeException(trailers);
    }

    /** The hint carried by {@code e}, or empty when {@code e} is not a not-leader answer. */
    public static Optional<NotLeader> from(StatusRuntimeException e) {
        if (e.getStatus().getCode() != Status.Code.FAILED_PRECONDITION) return Optional.empty();
        String description = e.getStatus().getDescription();
        if (description == null || !description.startsWith(DESCRIPTION_PREFIX)) return Optional.empty();
        Metadata trailers = e.getTrailers();
        long id = 0;
        String address = null;
        if (trailers != null) {
            String idText = trailers.get(LEADER_ID);
            if (idText != null) {
                try {
                    id = Long.parseLong(idText);
                } catch (NumberFormatException ignored) {
                    id = 0;
                }
            }
            address = trailers.get(LEADER_ADDRESS);
        }
        return Optional.of(new NotLeader(id, address));
    }
}
