package io.faultline.kv.loop;

import io.faultline.kv.sm.KvStateMachine;
import io.faultline.kv.storage.Disk;
import io.faultline.kv.storage.DiskBatch;
import io.faultline.kv.storage.DiskRaftStorage;
import io.faultline.raft.Ready;
import io.faultline.raft.pb.HardState;

/** Writes what a Ready asks to persist (snapshot, entries, hard state) in one atomic batch, synced as the policy says. */
final class ReadyPersister {
    private final Disk disk;
    private final DiskRaftStorage log;
    private final KvStateMachine machine;
    private final SyncPolicy policy;

    ReadyPersister(Disk disk, DiskRaftStorage log, KvStateMachine machine, SyncPolicy policy) {
        this.disk = disk;
        this.log = log;
        this.machine = machine;
        this.policy = policy;
    }

    /** Returns true when the Ready installed a snapshot. {@code durable} is the hard state before {@code rd}. */
    boolean persist(Ready rd, HardState durable) {
        boolean snapshot = SyncPolicy.hasSnapshot(rd);
        if (!snapshot && rd.entries().isEmpty() && rd.hardState() == null) return false;
        DiskBatch batch = new DiskBatch();
        if (snapshot) {
            log.installSnapshot(batch, rd.snapshot().getMetadata());
            machine.restore(batch, rd.snapshot());
        }
        log.append(batch, rd.entries());
        if (rd.hardState() != null) log.setHardState(batch, rd.hardState());
        disk.write(batch, policy.sync(rd, durable, batch, log.lastIndex()));
        return snapshot;
    }
}
