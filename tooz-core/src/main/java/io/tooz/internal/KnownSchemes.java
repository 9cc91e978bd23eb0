package io.tooz.internal;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What the core knows about schemes no loaded driver serves: the module that serves each of ours, and the Python tooz
 * backends Tooz for Java does not have, so that a missing driver and a missing backend get different advice.
 */
final class KnownSchemes {
    private static final Map<String, String> MODULES = Map.ofEntries(
            Map.entry("zookeeper", "tooz-driver-zookeeper"),
            Map.entry("kazoo", "tooz-driver-zookeeper"),
            Map.entry("redis", "tooz-driver-redis"),
            Map.entry("rediss", "tooz-driver-redis"),
            Map.entry("postgresql", "tooz-driver-jdbc"),
            Map.entry("mysql", "tooz-driver-jdbc"),
            Map.entry("etcd", "tooz-driver-etcd"),
            Map.entry("etcd3", "tooz-driver-etcd"),
            Map.entry("etcd3+http", "tooz-driver-etcd"),
            Map.entry("etcd3+https", "tooz-driver-etcd"),
            Map.entry("memcached", "tooz-driver-memcached"),
            Map.entry("file", "tooz-driver-file"),
            Map.entry("ipc", "tooz-driver-file"));

    private static final Map<String, String> UNSUPPORTED = Map.of(
            "consul", "Python tooz's Consul driver, up to tooz 8.1",
            "kubernetes", "Python tooz's Kubernetes driver, tooz master");

    private KnownSchemes() {}

    /** Every scheme one of our drivers serves, with {@code memory} and {@code zake}, sorted. */
    static String supported() {
        java.util.TreeSet<String> all = new java.util.TreeSet<>(MODULES.keySet());
        all.add("memory");
        all.add("zake");
        return String.join(", ", all);
    }

    /** The module whose driver serves {@code scheme}, or null if none of ours does. */
    static @Nullable String module(String scheme) {
        return MODULES.get(scheme);
    }

    /** What the Python backend of {@code scheme} is, if Tooz for Java does not support it; else null. */
    static @Nullable String unsupported(String scheme) {
        return UNSUPPORTED.get(scheme);
    }
}
