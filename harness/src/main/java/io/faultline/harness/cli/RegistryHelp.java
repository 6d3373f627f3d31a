package io.faultline.harness.cli;

import io.faultline.harness.nemesis.FaultPackages;
import io.faultline.harness.system.SystemKind;
import io.faultline.harness.systems.Systems;

/**
 * Option help read from the registries (fault packages, systems), so that a new fault kind
 * or system shows in {@code --help} without an edit here: picocli resolves
 * {@code ${sys:faultline.help.nemesis}} and {@code ${sys:faultline.help.systems}} when it
 * renders the help, after formatting (so the texts are plain: real newlines, a bare %).
 */
final class RegistryHelp {
    static final String NEMESIS = "${sys:faultline.help.nemesis}";
    static final String SYSTEMS = "${sys:faultline.help.systems}";
    static final String PROFILES = "${sys:faultline.help.profiles}";
    static final String SYSTEM_OPTIONS = "${sys:faultline.help.system-options}";

    private RegistryHelp() {}

    /** Called by the static initializers of the commands that use them. */
    static void register() {
        System.setProperty("faultline.help.nemesis", FaultPackages.help());
        System.setProperty("faultline.help.profiles", Profile.help());
        StringBuilder b = new StringBuilder();
        for (SystemKind k : Systems.all()) {
            b.append(b.length() == 0 ? "" : "; ").append(k.name()).append(" (").append(k.description()).append(')');
        }
        System.setProperty("faultline.help.systems", b.toString());
        StringBuilder o = new StringBuilder();
        for (SystemKind k : Systems.all()) {
            o.append(o.length() == 0 ? "" : "; ").append(k.name()).append(": ").append(k.options().isEmpty() ? "none"
                    : String.join(", ", k.options().stream().map(io.faultline.harness.system.SystemOption::name).toList()));
        }
        System.setProperty("faultline.help.system-options", o.toString());
    }
}
