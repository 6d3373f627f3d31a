package io.faultline.harness.system.faultline;

import io.grpc.ManagedChannel;
import java.util.Collection;
import java.util.concurrent.TimeUnit;

/** Closing a set of gRPC channels: all are told to stop first, so the waits overlap. */
final class Channels {
    private Channels() {}

    static void closeAll(Collection<ManagedChannel> channels) {
        for (ManagedChannel c : channels) c.shutdownNow();
        for (ManagedChannel c : channels) {
            try {
                c.awaitTermination(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
