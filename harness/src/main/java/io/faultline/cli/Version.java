package io.faultline.cli;

import picocli.CommandLine;

/** Version string from the jar manifest, or "dev" when run from classes. */
public final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Faultline.class.getPackage().getImplementationVersion();
        return new String[] {"faultline " + (v == null ? "dev" : v)};
    }
}
