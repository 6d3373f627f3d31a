package io.faultline.harness.cli;

import io.faultline.harness.run.RunOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Declares a command's run options ({@link io.faultline.harness.run.RunOptions}) to picocli:
 * each becomes an option with its help and the command's default, whose text goes to the
 * command's {@link Taker#givenRunOptions()} map when given. They come first in the help, before
 * the command's own options.
 */
public final class RunOptionSpecs implements CommandLine.IModelTransformer {
    /** A command that takes run options. */
    public interface Taker {
        /** Which run options it takes. */
        List<RunOption<?>> runOptions();

        /** Its own defaults (option name to text) where they differ from the options' declared ones. */
        default Map<String, String> runOptionDefaults() {
            return Map.of();
        }

        /** Where the parse puts each given option's text, by option name. */
        Map<String, String> givenRunOptions();
    }

    @Override
    public CommandSpec transform(CommandSpec spec) {
        Taker taker = taker(spec);
        List<OptionSpec> own = new ArrayList<>();
        for (OptionSpec o : List.copyOf(spec.options())) {
            if (o.usageHelp() || o.versionHelp()) continue;
            own.add(o);
            spec.remove(o);
        }
        for (RunOption<?> o : taker.runOptions()) spec.addOption(optionSpec(o, taker));
        own.forEach(spec::addOption);
        return spec;
    }

    /** The command, or the one mixin of it (detect mixes run in), that takes run options. */
    private static Taker taker(CommandSpec spec) {
        if (spec.userObject() instanceof Taker t) return t;
        List<Taker> found = new ArrayList<>();
        spec.mixins().values().forEach(m -> {
            if (m.userObject() instanceof Taker t) found.add(t);
        });
        if (found.size() != 1) {
            throw new IllegalStateException(spec.userObject().getClass() + " must take run options itself or by one mixin");
        }
        return found.get(0);
    }

    private static OptionSpec optionSpec(RunOption<?> option, Taker taker) {
        String deflt = taker.runOptionDefaults().getOrDefault(option.name(), option.defaultText());
        List<String> lines = new ArrayList<>(List.of(option.help().split("\n")));
        if (deflt != null && lines.size() > 1) lines.add("Default: " + deflt + ".");
        if (deflt != null && lines.size() == 1) lines.set(0, lines.get(0) + " Default: " + deflt + ".");
        return OptionSpec.builder(option.flag())
                .paramLabel(option.label())
                .type(String.class)
                .arity("1")
                .hasInitialValue(false)
                .description(lines.stream().map(l -> l.replace("%", "%%")).toArray(String[]::new))
                .setter(new CommandLine.Model.ISetter() {
                    @Override
                    public <T> T set(T value) {
                        if (value != null) taker.givenRunOptions().put(option.name(), (String) value);
                        return null;
                    }
                })
                .build();
    }
}
