package io.faultline.raft;

import io.faultline.raft.pb.Entry;
import io.faultline.raft.pb.HardState;
import io.faultline.raft.pb.Message;
import io.faultline.raft.pb.Snapshot;
import java.util.List;

/**
 * One batch of work for the application, in this order: persist {@code hardState},
 * {@code entries} and {@code snapshot} (one sync); then send {@code messages};
 * then apply {@code committedEntries} and answer {@code readStates}; then call
 * {@link RawNode#advance(Ready)}.
 *
 * @param softState      null when unchanged since the last Ready
 * @param hardState      null when unchanged since the last Ready
 * @param entries        to append to stable storage (may overwrite a conflicting tail)
 * @param snapshot       null when there is none to persist
 * @param committedEntries to apply to the state machine, in order
 * @param messages       to send after persisting
 * @param readStates     ReadIndex answers: a read with this context may be served once
 *                       the applied index reaches {@code index}
 */
public record Ready(
        SoftState softState,
        HardState hardState,
        List<Entry> entries,
        Snapshot snapshot,
        List<Entry> committedEntries,
        List<Message> messages,
        List<ReadState> readStates) {

    public Ready {
        entries = List.copyOf(entries);
        committedEntries = List.copyOf(committedEntries);
        messages = List.copyOf(messages);
        readStates = List.copyOf(readStates);
    }
}
