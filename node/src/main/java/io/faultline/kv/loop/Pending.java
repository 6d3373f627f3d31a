package io.faultline.kv.loop;

import java.util.concurrent.CompletableFuture;

/** A request waiting in the Ready loop, with the term it was accepted in and when to give up. */
record Pending<T>(CompletableFuture<T> future, long term, long deadlineNanos) {
    boolean expired(long now) {
        return now - deadlineNanos > 0;
    }
}
