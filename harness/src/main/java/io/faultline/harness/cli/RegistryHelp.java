package io.faultline.harness.cli;

import io.faultline.harness.system.SystemKind;
import io.faultline.harness.systems.Systems;

/**
 * Help of the annotated options read from the registries (profiles, systems' options), so
 * that a new profile or system option shows in {@code --help} without an edit here: picocli
 * resolves {@code ${sys:faultline.help.profiles}} and {@code ${sys:faultline.help.system-options}}
 * when it renders the help, after formatting (so the texts are plain: real newlines, a bare %).
 * The run options' help comes from their declarations ({@link RunOptionSpecs}).
 */
final class RegistryHelp {
    static final String PROFILES = "${sys:faultline.help.profiles}";
    static final String SYSTEM_OPTIONS = "${sys:faultline.help.system-options}";

    private RegistryHelp() {}

    /** Called by the static initializers of the commands that use them. */
    static void register() {
        System.setProperty("faultline.help.profiles", Profile.help());
        StringBuilder o = new StringBuilder();
        for (SystemKind k : Systems.all()) {
            o.append(o.length() == 0 ? "" : "; ").append(k.name()).append(": ").append(k.options().isEmpty() ? "none"
                    : String.join(", ", k.options().stream().map(io.faultline.harness.system.SystemOption::name).toList()));
        }
        System.setProperty("faultline.help.system-options", o.toString());
    }
}
