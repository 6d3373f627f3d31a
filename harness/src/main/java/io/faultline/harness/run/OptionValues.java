package io.faultline.harness.run;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The values of a set of {@link RunOption}s, each read from the first text that gives it: the
 * command line, then a profile, then the command's own default, then the option's. Every value is
 * read when the set is made, so bad input is refused before any work.
 */
public final class OptionValues {
    private final List<RunOption<?>> options;
    private final Map<RunOption<?>, Object> values;

    private OptionValues(List<RunOption<?>> options, Map<RunOption<?>, Object> values) {
        this.options = List.copyOf(options);
        this.values = values;
    }

    /**
     * The values of {@code options} from {@code layers} of option name to text, the first layer
     * that names an option winning; an option no layer names has its declared default.
     */
    @SafeVarargs
    public static OptionValues of(List<RunOption<?>> options, Map<String, String>... layers) {
        Map<RunOption<?>, Object> values = new HashMap<>();
        for (RunOption<?> o : options) {
            String text = o.defaultText();
            for (Map<String, String> layer : layers) {
                if (layer.containsKey(o.name())) {
                    text = layer.get(o.name());
                    break;
                }
            }
            values.put(o, text == null ? null : o.read(text));
        }
        return new OptionValues(options, values);
    }

    /** The options' declared defaults. */
    public static OptionValues defaults(List<RunOption<?>> options) {
        return of(options);
    }

    @SuppressWarnings("unchecked")
    public <T> T get(RunOption<T> option) {
        if (!values.containsKey(option)) throw new IllegalArgumentException("--" + option.name() + " is not an option here");
        return (T) values.get(option);
    }

    /** These values with {@code option} set to {@code value}. */
    public <T> OptionValues with(RunOption<T> option, T value) {
        if (!values.containsKey(option)) throw new IllegalArgumentException("--" + option.name() + " is not an option here");
        Map<RunOption<?>, Object> v = new HashMap<>(values);
        v.put(option, value);
        return new OptionValues(options, v);
    }

    /** These values with every option that {@code other} has set to its value there. */
    public OptionValues withAll(OptionValues other) {
        Map<RunOption<?>, Object> v = new HashMap<>(values);
        for (RunOption<?> o : other.options) {
            if (v.containsKey(o)) v.put(o, other.values.get(o));
        }
        return new OptionValues(options, v);
    }

    /** Whether {@code option} records as its declared default would (an image given as the system's own is). */
    public boolean atDefault(RunOption<?> option) {
        return Objects.equals(option.recordedValue(this), option.recordedValue(withDefault(option)));
    }

    private <T> OptionValues withDefault(RunOption<T> option) {
        return with(option, option.defaultValue());
    }

    /** The options these are values of, in their declared order. */
    public List<RunOption<?>> options() {
        return options;
    }

    /** Option name to value, in declared order (for a look at what a run was given). */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (RunOption<?> o : options) m.put(o.name(), values.get(o));
        return Collections.unmodifiableMap(m);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OptionValues other && options.equals(other.options) && values.equals(other.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return asMap().toString();
    }
}
