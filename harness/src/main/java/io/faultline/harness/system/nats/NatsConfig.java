package io.faultline.harness.system.nats;

import io.faultline.harness.system.Membership;

/**
 * One member's nats-server configuration: its name, client, route and monitoring ports,
 * JetStream with its store on the member's volume, and the static routes to every member.
 * Everything else is nats-server's default, then the user's extra lines.
 */
record NatsConfig(String text) {
    static final String CLUSTER_NAME = "faultline";

    /**
     * The server name in {@code node}'s place: its name ({@code n3} in Docker, its host's name on
     * hosts) for the first server there, {@code n3-g2} for the fresh server of generation 1 (the
     * place's second server), and so on. JetStream knows a server by its name, so a fresh server
     * needs a new one.
     */
    static String serverName(String name, int generation) {
        return generation == 0 ? name : name + "-g" + (generation + 1);
    }

    /** {@link #serverName(String, int)} of the place's name in Docker. */
    static String serverName(int node, int generation) {
        return serverName(Membership.hostName(node), generation);
    }

    /**
     * The configuration of {@code node}'s server of {@code generation} (only its name differs).
     *
     * @param members  each member reached by its name (its network alias in Docker, its host's name on hosts)
     * @param storeDir where JetStream keeps its files
     */
    static NatsConfig of(int node, int generation, Membership members, String storeDir, boolean debug, String extra) {
        String routes = members.commaList(i -> "nats://" + members.name(i) + ":" + NatsSystem.ROUTE_PORT);
        StringBuilder b = new StringBuilder()
                .append("server_name: ").append(serverName(members.name(node), generation)).append('\n')
                .append("listen: 0.0.0.0:").append(NatsSystem.CLIENT_PORT).append('\n')
                .append("http: 0.0.0.0:").append(NatsSystem.MONITOR_PORT).append('\n')
                .append("jetstream {\n  store_dir: \"").append(storeDir).append("\"\n}\n")
                .append("cluster {\n  name: ").append(CLUSTER_NAME).append('\n')
                .append("  listen: 0.0.0.0:").append(NatsSystem.ROUTE_PORT).append('\n')
                .append("  routes: [").append(routes).append("]\n}\n");
        if (debug) b.append("debug: true\n");
        if (!extra.isBlank()) b.append(extra.strip()).append('\n');
        return new NatsConfig(b.toString());
    }
}
