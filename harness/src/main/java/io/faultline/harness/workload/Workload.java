package io.faultline.harness.workload;

import io.faultline.harness.generator.KeyDistribution;
import io.faultline.harness.generator.OpGenerator;
import io.faultline.harness.generator.OpKind;
import io.faultline.harness.generator.OpMix;
import io.faultline.harness.generator.Vocabulary;
import java.util.ArrayList;
import java.util.List;

/**
 * A workload: what operations the workers run and which checker model judges them.
 *
 * @param name         kv or register
 * @param keys         number of keys (1 for register)
 * @param distribution how keys are picked
 * @param mix          relative weights of the operation kinds
 * @param readAfterWritePercent share of writes and cas followed at once by a read of the same key by the same worker
 * @param recheckWrites how many of its last acknowledged writes a worker reads again after an op without an answer
 */
public record Workload(String name, int keys, KeyDistribution distribution, OpMix mix, int readAfterWritePercent,
                       int recheckWrites) implements Vocabulary {
    public static final String KV = "kv";
    public static final String REGISTER = "register";
    static final String REGISTER_STORE_KEY = "register";

    public Workload {
        if (!KV.equals(name) && !REGISTER.equals(name)) {
            throw new IllegalArgumentException("unknown workload '" + name + "' (expected kv or register)");
        }
        if (REGISTER.equals(name)) {
            keys = 1;
            if (mix.weights().getOrDefault(OpKind.DELETE, 0) > 0) {
                throw new IllegalArgumentException("the register workload has no delete (use read, write, cas)");
            }
        }
        if (keys < 1) throw new IllegalArgumentException("key count must be at least 1, got " + keys);
        if (readAfterWritePercent < 0 || readAfterWritePercent > 100) {
            throw new IllegalArgumentException("read-after-write share must be 0 to 100 %, got " + readAfterWritePercent);
        }
        if (recheckWrites < 0) throw new IllegalArgumentException("--recheck-writes must be 0 or more, got " + recheckWrites);
    }

    public Workload(String name, int keys, KeyDistribution distribution, OpMix mix) {
        this(name, keys, distribution, mix, 0, 0);
    }

    public Workload withReadAfterWrite(int percent) {
        return new Workload(name, keys, distribution, mix, percent, recheckWrites);
    }

    public Workload withRecheckWrites(int writes) {
        return new Workload(name, keys, distribution, mix, readAfterWritePercent, writes);
    }

    public static OpMix defaultMix(String name) {
        return KV.equals(name) ? OpMix.parse("read=45,write=30,cas=20,delete=5") : OpMix.parse("read=50,write=30,cas=20");
    }

    public static Workload of(String name, int keys, KeyDistribution distribution, OpMix mix) {
        return new Workload(name, keys, distribution, mix == null ? defaultMix(name) : mix);
    }

    public static Workload kv(int keys) {
        return of(KV, keys, KeyDistribution.UNIFORM, null);
    }

    public static Workload register() {
        return of(REGISTER, 1, KeyDistribution.UNIFORM, null);
    }

    /** The checker model that judges this workload's histories. */
    public String model() {
        return KV.equals(name) ? "kv" : "cas-register";
    }

    public OpGenerator generator(long seed, int worker) {
        return new OpGenerator(this, mix, distribution, keys, seed, worker, readAfterWritePercent, recheckWrites);
    }

    @Override
    public String functionName(OpKind kind) {
        boolean kv = KV.equals(name);
        return switch (kind) {
            case READ -> kv ? "get" : "read";
            case WRITE -> kv ? "put" : "write";
            case CAS -> "cas";
            case DELETE -> kv ? "delete" : "write";
        };
    }

    @Override
    public String storeKey(int i) {
        return KV.equals(name) ? "k" + i : REGISTER_STORE_KEY;
    }

    @Override
    public String historyKey(int i) {
        return KV.equals(name) ? storeKey(i) : null;
    }

    /** Every key a final read must cover. */
    public List<Integer> keyNumbers() {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < keys; i++) out.add(i);
        return out;
    }
}
