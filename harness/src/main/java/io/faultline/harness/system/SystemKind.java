package io.faultline.harness.system;

import java.util.List;

/** A kind of system a user can pick with {@code --system}: its name, its options and how to make one. */
public interface SystemKind {
    String name();

    /** One line for --help. */
    String description();

    List<SystemOption> options();

    SystemUnderTest create(SystemOptions options);
}
