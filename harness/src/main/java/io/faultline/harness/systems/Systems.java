package io.faultline.harness.systems;

import io.faultline.harness.system.SystemKind;
import io.faultline.harness.system.SystemOptions;
import io.faultline.harness.system.SystemUnderTest;
import io.faultline.harness.system.etcd.EtcdSystem;
import io.faultline.harness.system.faultline.FaultlineSystem;
import io.faultline.harness.system.nats.NatsSystem;
import java.util.List;
import java.util.Map;

/** Every system the harness can test, by {@code --system} name. */
public final class Systems {
    public static final String DEFAULT = FaultlineSystem.NAME;
    private static final List<SystemKind> ALL = List.of(FaultlineSystem.KIND, EtcdSystem.KIND, NatsSystem.KIND);

    private Systems() {}

    public static List<SystemKind> all() {
        return ALL;
    }

    public static List<String> names() {
        return ALL.stream().map(SystemKind::name).toList();
    }

    public static SystemKind kind(String name) {
        for (SystemKind k : ALL) {
            if (k.name().equals(name)) return k;
        }
        throw new IllegalArgumentException("unknown system '" + name + "' (known: " + String.join(", ", names()) + ")");
    }

    /** The system named {@code name} with {@code options}; IllegalArgumentException for anything it does not know. */
    public static SystemUnderTest create(String name, Map<String, String> options) {
        SystemKind k = kind(name);
        return k.create(SystemOptions.resolve(k.name(), k.options(), options));
    }

    public static SystemUnderTest defaultSystem() {
        return create(DEFAULT, Map.of());
    }
}
