package io.faultline.checker.model;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/** The models by name: {@code register}, {@code cas-register}, {@code kv}. */
public final class Models {
    private static final Map<String, Function<ModelOptions, Model>> BY_NAME = new TreeMap<>(Map.of(
            "register", o -> RegisterModel.register(),
            "cas-register", o -> RegisterModel.casRegister(),
            "kv", KvModel::new));

    private Models() {
    }

    /** @throws IllegalArgumentException naming the known models, for an unknown name */
    public static Model byName(String name, ModelOptions options) {
        Function<ModelOptions, Model> factory = BY_NAME.get(name);
        if (factory == null) {
            throw new IllegalArgumentException("unknown model \"" + name + "\" (known: "
                    + String.join(", ", names()) + ")");
        }
        return factory.apply(options == null ? ModelOptions.defaults() : options);
    }

    public static Model byName(String name) {
        return byName(name, ModelOptions.defaults());
    }

    public static List<String> names() {
        return List.copyOf(BY_NAME.keySet());
    }
}
