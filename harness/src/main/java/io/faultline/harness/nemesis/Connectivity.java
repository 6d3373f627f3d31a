package io.faultline.harness.nemesis;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.jgrapht.Graph;
import org.jgrapht.Graphs;
import org.jgrapht.alg.connectivity.ConnectivityInspector;
import org.jgrapht.graph.AsSubgraph;
import org.jgrapht.graph.DefaultEdge;
import org.jgrapht.graph.SimpleGraph;

/**
 * Who can talk to whom among the nodes: an undirected graph with an edge between
 * two nodes that reach each other. Partitions are built as graphs and applied by
 * cutting every missing edge.
 */
public final class Connectivity {
    private final Graph<Integer, DefaultEdge> graph;

    private Connectivity(Graph<Integer, DefaultEdge> graph) {
        this.graph = graph;
    }

    public static Connectivity empty(Collection<Integer> nodes) {
        Graph<Integer, DefaultEdge> g = new SimpleGraph<>(DefaultEdge.class);
        nodes.forEach(g::addVertex);
        return new Connectivity(g);
    }

    public static Connectivity complete(Collection<Integer> nodes) {
        Connectivity c = empty(nodes);
        c.connectAll(nodes);
        return c;
    }

    /** Every node connected to every other node of its group, and to no one else. */
    public static Connectivity groups(Collection<Integer> nodes, List<? extends Collection<Integer>> groups) {
        Connectivity c = empty(nodes);
        for (Collection<Integer> g : groups) c.connectAll(g);
        return c;
    }

    void connectAll(Collection<Integer> group) {
        List<Integer> l = new ArrayList<>(group);
        for (int i = 0; i < l.size(); i++) {
            for (int j = i + 1; j < l.size(); j++) connect(l.get(i), l.get(j));
        }
    }

    void connect(int a, int b) {
        if (a != b) graph.addEdge(a, b);
    }

    public Set<Integer> nodes() {
        return new TreeSet<>(graph.vertexSet());
    }

    public boolean connected(int a, int b) {
        return a == b || graph.containsEdge(a, b);
    }

    /** The node and the nodes it reaches directly: its view of the cluster. */
    public Set<Integer> view(int node) {
        Set<Integer> v = new TreeSet<>(Graphs.neighborListOf(graph, node));
        v.add(node);
        return v;
    }

    public int degree(int node) {
        return graph.degreeOf(node);
    }

    public int majority() {
        return graph.vertexSet().size() / 2 + 1;
    }

    public boolean isComplete() {
        int n = graph.vertexSet().size();
        return graph.edgeSet().size() == n * (n - 1) / 2;
    }

    /** Connected components, each sorted, in order of their smallest node. */
    public List<Set<Integer>> components() {
        return sortedComponents(new ConnectivityInspector<>(graph).connectedSets());
    }

    /** Components of the graph without {@code removed}. */
    public List<Set<Integer>> componentsWithout(int removed) {
        Set<Integer> rest = new TreeSet<>(graph.vertexSet());
        rest.remove(removed);
        return sortedComponents(new ConnectivityInspector<>(new AsSubgraph<>(graph, rest)).connectedSets());
    }

    /** Whether every two nodes of {@code group} are connected. */
    public boolean isClique(Collection<Integer> group) {
        for (int a : group) {
            for (int b : group) {
                if (!connected(a, b)) return false;
            }
        }
        return true;
    }

    /** Unordered pairs (a &lt; b) that cannot talk: what the network must cut. */
    public List<int[]> cutPairs() {
        List<int[]> out = new ArrayList<>();
        List<Integer> ns = new ArrayList<>(nodes());
        for (int i = 0; i < ns.size(); i++) {
            for (int j = i + 1; j < ns.size(); j++) {
                if (!connected(ns.get(i), ns.get(j))) out.add(new int[] {ns.get(i), ns.get(j)});
            }
        }
        return out;
    }

    /** Nodes that {@code node} cannot reach. */
    public Set<Integer> blockedFrom(int node) {
        Set<Integer> out = new TreeSet<>(graph.vertexSet());
        out.removeAll(view(node));
        return out;
    }

    private static List<Set<Integer>> sortedComponents(List<Set<Integer>> sets) {
        return sets.stream().map(s -> (Set<Integer>) new TreeSet<>(s))
                .sorted((a, b) -> Integer.compare(a.iterator().next(), b.iterator().next()))
                .collect(Collectors.toList());
    }

    /** e.g. {@code n1-n2 n1-n3 | n4} style: each node's view, readable in logs. */
    public String describe() {
        List<Set<Integer>> comps = components();
        if (comps.stream().allMatch(this::isClique)) {
            return comps.stream().map(Connectivity::names).collect(Collectors.joining(" | "));
        }
        for (int v : nodes()) {
            if (degree(v) != nodes().size() - 1) continue;
            List<Set<Integer>> sides = componentsWithout(v);
            if (sides.size() == 2 && sides.stream().allMatch(this::isClique)) {
                return names(sides.get(0)) + " - n" + v + " - " + names(sides.get(1));
            }
        }
        return nodes().stream().map(n -> "n" + n + " sees " + names(view(n))).collect(Collectors.joining("; "));
    }

    static String names(Collection<Integer> nodes) {
        return nodes.stream().map(n -> "n" + n).collect(Collectors.joining(" ", "[", "]"));
    }
}
