package io.faultline.harness.system;

import java.util.List;
import java.util.function.Function;

/**
 * A kind of system a user can pick with {@code --system}: its name, a line for
 * --help, its options and how to make one from them.
 */
public record SystemKind(String name, String description, List<SystemOption> options,
                         Function<SystemOptions, SystemUnderTest> factory) {
    public SystemKind {
        options = List.copyOf(options);
    }

    public SystemUnderTest create(SystemOptions chosen) {
        return factory.apply(chosen);
    }
}
