package io.faultline.raft;

/**
 * An append asked this node to replace an entry it already knows to be committed. A
 * correct cluster never sends one (Raft's Leader Completeness): it proves that two
 * nodes committed different entries at one index. etcd's raft panics here; the
 * application decides (the Faultline node logs it as a safety violation and refuses
 * the append).
 */
public final class CommittedEntryConflict extends IllegalStateException {
    public CommittedEntryConflict(String message) {
        super(message);
    }
}
