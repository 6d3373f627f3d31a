package io.faultline.node;

import io.faultline.kv.config.ConfigException;
import io.faultline.kv.config.PlantedBug;
import io.faultline.kv.config.UnsafeFlags;
import java.util.Set;
import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.IGetter;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The node's {@code --unsafe-*} options, one per {@link PlantedBug}, made from that enum when
 * picocli builds the command, so a new planted bug needs no option written by hand. They fill
 * {@link NodeCommand#plantedBugs}, as {@link QuickFlags} does on the fast path.
 */
public final class PlantedBugOptions implements IModelTransformer {
    @Override
    public CommandSpec transform(CommandSpec spec) {
        NodeCommand command = (NodeCommand) spec.userObject();
        for (PlantedBug bug : PlantedBug.values()) {
            spec.addOption(flag(bug.flag(), "UNSAFE, for testing the tester: " + bug.consequence() + ".",
                    () -> command.plantedBugs.contains(bug), on -> {
                        if (on) command.plantedBugs.add(bug);
                    }));
        }
        spec.addOption(flag(UnsafeFlags.CONSENT, "Required with any --unsafe-* flag.",
                () -> command.unsafeConsent, on -> command.unsafeConsent = on));
        return spec;
    }

    private static OptionSpec flag(String name, String description, java.util.function.BooleanSupplier get,
                                   java.util.function.Consumer<Boolean> set) {
        IGetter getter = new IGetter() {
            @SuppressWarnings("unchecked")
            public <T> T get() {
                return (T) Boolean.valueOf(get.getAsBoolean());
            }
        };
        ISetter setter = new ISetter() {
            @SuppressWarnings("unchecked")
            public <T> T set(T value) {
                T before = (T) Boolean.valueOf(get.getAsBoolean());
                set.accept(Boolean.TRUE.equals(value));
                return before;
            }
        };
        return OptionSpec.builder(name).type(boolean.class).arity("0").description(description)
                .getter(getter).setter(setter).build();
    }

    /** The planted bugs asked for, refused without consent (ConfigException naming the first and what it breaks). */
    static UnsafeFlags checked(Set<PlantedBug> asked, boolean consent) {
        UnsafeFlags flags = new UnsafeFlags(asked);
        if (flags.any() && !consent) {
            String first = flags.names().get(0);
            throw new ConfigException(first + ": refused without " + UnsafeFlags.CONSENT
                    + " (it breaks the node on purpose: " + UnsafeFlags.consequence(first) + ")");
        }
        return flags;
    }
}
