package io.faultline.harness.run;

import io.faultline.checker.cli.Durations;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;

/**
 * One option of a run, declared once: its command-line name (also its config.json key), how its
 * text is read, its default, its help, and how config.json and the rerun line hold it. The
 * picocli options of {@code run}, {@code detect} and {@code sim}, the JUnit API, config.json, the
 * rerun line and {@code faultline rerun}'s reading of config.json all come from these
 * declarations ({@link RunOptions} lists them); a new run option is one declaration there and its use.
 *
 * @param name        the option without its dashes, e.g. {@code time-limit}
 * @param label       the help's name for its value, e.g. {@code DURATION}
 * @param defaultText the default as the command line writes it; null: none (the value is null)
 * @param help        what it does, for {@code --help} (the default is appended)
 * @param parse       reads a value from its text; IllegalArgumentException for bad input
 * @param spelling    when the rerun line spells it
 * @param recorded    its value in config.json and on the rerun line, given all the run's options (some
 *                    record what they resolve to, e.g. the system's own image); null: the value's text
 */
public record RunOption<T>(String name, String label, String defaultText, String help, Function<String, T> parse,
        Spelling spelling, Function<OptionValues, Object> recorded) {

    /** When the rerun line spells an option. */
    public enum Spelling {
        /** Always, and a recorded config.json without it is refused: the option is as old as config.json. */
        ALWAYS,
        /** Only when the run's value is not the default; a config.json without it repeats with the default. */
        WHEN_CHANGED
    }

    public RunOption {
        Objects.requireNonNull(name);
        Objects.requireNonNull(parse);
        Objects.requireNonNull(spelling);
    }

    static <T> RunOption<T> of(String name, String label, String defaultText, String help, Function<String, T> parse) {
        return new RunOption<>(name, label, defaultText, help, parse, Spelling.ALWAYS, null);
    }

    RunOption<T> spelledWhenChanged() {
        return new RunOption<>(name, label, defaultText, help, parse, Spelling.WHEN_CHANGED, recorded);
    }

    RunOption<T> recordedAs(Function<OptionValues, Object> value) {
        return new RunOption<>(name, label, defaultText, help, parse, spelling, value);
    }

    /** The value of {@code text}; IllegalArgumentException naming the option. */
    public T read(String text) {
        try {
            return parse.apply(text.trim());
        } catch (IllegalArgumentException e) {
            String why = e.getMessage() == null ? "'" + text + "' is not valid" : e.getMessage();
            throw new IllegalArgumentException(why.contains("--" + name) ? why : "--" + name + ": " + why, e);
        }
    }

    /** The default value (null when the option has none). */
    public T defaultValue() {
        return defaultText == null ? null : read(defaultText);
    }

    /** {@code --name}. */
    public String flag() {
        return "--" + name;
    }

    /** What config.json holds of the option among {@code values}: a number, a list or a text. */
    Object recordedValue(OptionValues values) {
        if (recorded != null) return recorded.apply(values);
        Object v = values.get(this);
        if (v instanceof Duration d) return Durations.format(d);
        return v;
    }
}
