package io.faultline.kv.config;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** Parses {@code 1=host:port,2=host:port} lists (node id to address). */
public final class AddressMap {
    private AddressMap() {}

    public static SortedMap<Long, String> parse(String flag, String text) {
        SortedMap<Long, String> result = new TreeMap<>();
        if (text == null || text.isBlank()) return Collections.unmodifiableSortedMap(result);
        for (String item : text.split(",")) {
            String entry = item.trim();
            if (entry.isEmpty()) continue;
            int eq = entry.indexOf('=');
            if (eq <= 0) throw new ConfigException(flag + ": '" + entry + "' is not of the form id=host:port");
            long id = parseId(flag, entry.substring(0, eq).trim());
            String address = entry.substring(eq + 1).trim();
            checkAddress(flag, address);
            if (result.put(id, address) != null) {
                throw new ConfigException(flag + ": node id " + id + " is listed twice");
            }
        }
        return Collections.unmodifiableSortedMap(result);
    }

    /** Throws unless {@code address} is host:port with a port in 1..65535. */
    public static void checkAddress(String flag, String address) {
        int colon = address.lastIndexOf(':');
        if (colon <= 0 || colon == address.length() - 1) {
            throw new ConfigException(flag + ": '" + address + "' is not host:port");
        }
        int port;
        try {
            port = Integer.parseInt(address.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new ConfigException(flag + ": '" + address + "' has a port that is not a number");
        }
        if (port < 1 || port > 65535) throw new ConfigException(flag + ": port " + port + " is out of 1..65535");
    }

    public static String format(Map<Long, String> addresses) {
        StringBuilder out = new StringBuilder();
        new TreeMap<>(addresses).forEach((id, address) -> {
            if (out.length() > 0) out.append(',');
            out.append(id).append('=').append(address);
        });
        return out.toString();
    }

    private static long parseId(String flag, String text) {
        try {
            long id = Long.parseLong(text);
            if (id < 1) throw new ConfigException(flag + ": node id " + id + " must be >= 1");
            return id;
        } catch (NumberFormatException e) {
            throw new ConfigException(flag + ": node id '" + text + "' is not a number");
        }
    }
}
