package io.faultline.harness.nemesis;

import java.util.Collection;
import java.util.Locale;

/**
 * The shell scripts of the network faults, run as root on each node's machine (a container
 * by {@code docker exec}, a host by SSH): a chain of the harness's own ({@value #CHAIN})
 * hooked into INPUT, holding DROP rules for the peers a node must not hear. Dropping on
 * input at both ends cuts a link both ways; traffic from anyone else (the harness's
 * clients) is never dropped.
 */
public final class Iptables {
    public static final String CHAIN = "faultline";

    private Iptables() {}

    /** Creates the chain (or empties it) and hooks it into INPUT once. */
    public static String install() {
        return "iptables -w -N " + CHAIN + " 2>/dev/null || iptables -w -F " + CHAIN
                + "; iptables -w -C INPUT -j " + CHAIN + " 2>/dev/null || iptables -w -I INPUT -j " + CHAIN;
    }

    /** Drops everything from {@code sources} (and nothing else). */
    public static String dropFrom(Collection<String> sources) {
        StringBuilder script = new StringBuilder(flush());
        for (String ip : sources) script.append(" && iptables -w -A ").append(CHAIN).append(" -s ").append(ip).append(" -j DROP");
        return script.toString();
    }

    /** Drops each packet from {@code peers} with {@code probability}. */
    public static String lossFrom(Collection<String> peers, double probability) {
        String p = String.format(Locale.ROOT, "%.3f", probability);
        StringBuilder script = new StringBuilder(flush());
        for (String ip : peers) {
            script.append(" && iptables -w -A ").append(CHAIN).append(" -s ").append(ip)
                    .append(" -m statistic --mode random --probability ").append(p).append(" -j DROP");
        }
        return script.toString();
    }

    /** Removes every rule of the chain. */
    public static String flush() {
        return "iptables -w -F " + CHAIN;
    }

    /** Unhooks and deletes the chain: the machine's firewall as it was (for hosts that outlive the run). */
    public static String uninstall() {
        return "while iptables -w -D INPUT -j " + CHAIN + " 2>/dev/null; do :; done; iptables -w -F " + CHAIN
                + " 2>/dev/null; iptables -w -X " + CHAIN + " 2>/dev/null; true";
    }

    /** The chain's rules, for tests and evidence. */
    public static String list() {
        return "iptables -w -S " + CHAIN;
    }
}
