package io.tooz.hashring;

import io.tooz.hashring.RingPoints.Point;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Consistent hash ring mapping keys onto nodes, bit-for-bit compatible with Python {@code tooz.hashring.HashRing}
 * (MD5, the default hash function): for the same nodes, weights and partition count, a Java and a Python process pick
 * the same nodes for the same key bytes.
 *
 * <p><b>Algorithm.</b> A node of weight {@code w} owns {@code partitions * w} points (default 32 per unit of weight).
 * Its key is the node name in UTF-8; point {@code i} is the MD5 of the key repeated {@code i + 2} times (tooz updates
 * one digest object cumulatively, so {@code md5(key)} itself is never a point). A point is the full unsigned 128-bit
 * digest value. A lookup hashes the key bytes with MD5, finds the first point strictly greater than the hash ({@code
 * bisect_right}, wrapping to the first point past the end) and walks clockwise collecting distinct nodes. If two
 * points collide, the node written last owns it, and removing either node deletes it (as with tooz's dict).
 *
 * <p><b>Thread safety.</b> Lookups never block and may run concurrently with mutations: every mutation rebuilds an
 * immutable sorted point array and publishes it atomically, so a lookup sees the ring either wholly before or wholly
 * after a mutation ({@link #addNodes} publishes once for the whole batch). Mutations are serialized. Lookups allocate
 * no big integers: points are pairs of longs compared unsigned, and the MD5 digest is cached per thread.
 *
 * <p><b>Differences from Python.</b> Nodes are {@code String}s (a Python {@code bytes} node equals the Java node whose
 * UTF-8 encoding is those bytes; non-UTF-8 byte nodes cannot be expressed). Only MD5 is supported (tooz's {@code
 * hash_function} argument is not ported; the partitioner always uses MD5). Weight must be at least 1 (tooz accepts 0
 * and may then loop forever in {@code get_nodes}). Re-adding an existing node <em>replaces</em> its points: tooz
 * instead keeps the union of old and new points, which differs only when the new weight is smaller (tooz then leaves
 * orphan points behind). Returned sets are unmodifiable and iterate in walk order; tooz returns an unordered set.
 */
public final class HashRing {
    /** Points per unit of weight unless {@link HashRingBuilder#partitions(int)} says otherwise (tooz's default, 2**5). */
    public static final int DEFAULT_PARTITIONS = 32;

    /** Upper bound on {@code partitions * weight} for one node (16 Mi points, 256 MiB of point data). */
    public static final int MAX_POINTS_PER_NODE = 1 << 24;

    private final int partitions;
    private final Object lock = new Object();
    // Mutable state, guarded by lock; readers only see the published snapshot.
    private final Map<String, Integer> weights = new LinkedHashMap<>();
    private final Map<String, long[]> pointsByNode = new HashMap<>();
    private final TreeMap<Point, String> ring = new TreeMap<>();
    private volatile RingPoints snapshot = RingPoints.EMPTY;

    /** Creates an empty ring with {@value #DEFAULT_PARTITIONS} points per unit of weight. */
    public HashRing() {
        this(DEFAULT_PARTITIONS);
    }

    /**
     * Creates an empty ring.
     *
     * @param partitions points per unit of weight, at least 1 (tooz's {@code partitions})
     * @throws IllegalArgumentException if {@code partitions < 1}
     */
    public HashRing(int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1, got " + partitions);
        }
        this.partitions = partitions;
    }

    /**
     * Creates a ring of the given nodes, each with weight 1 and {@value #DEFAULT_PARTITIONS} partitions; duplicates
     * are ignored, like tooz's {@code HashRing(nodes)}.
     *
     * @param nodes the node names, non-empty strings
     * @return a new mutable ring
     */
    public static HashRing of(Collection<String> nodes) {
        HashRing r = new HashRing();
        r.addNodes(nodes);
        return r;
    }

    /** Same as {@link #of(Collection)}. */
    public static HashRing of(String... nodes) {
        return of(Arrays.asList(nodes));
    }

    /** Returns a builder for rings with custom partitions or per-node weights. */
    public static HashRingBuilder builder() {
        return new HashRingBuilder();
    }

    /** Adds {@code node} with weight 1. See {@link #addNodes(Collection, int)}. */
    public void addNode(String node) {
        addNodes(List.of(checkNode(node)), 1);
    }

    /** Adds {@code node} with {@code weight}. See {@link #addNodes(Collection, int)}. */
    public void addNode(String node, int weight) {
        addNodes(List.of(checkNode(node)), weight);
    }

    /** Adds {@code nodes} with weight 1. See {@link #addNodes(Collection, int)}. */
    public void addNodes(Collection<String> nodes) {
        addNodes(nodes, 1);
    }

    /**
     * Adds nodes, all with the same weight, and publishes the new ring once. A node of weight {@code w} handles about
     * {@code w / totalWeight} of the keys. An existing node is re-added with the new weight (see the class comment).
     *
     * @param nodes non-empty node names
     * @param weight at least 1
     * @throws IllegalArgumentException for a null or empty name, or a weight out of range; the ring is then unchanged
     */
    public void addNodes(Collection<String> nodes, int weight) {
        Objects.requireNonNull(nodes, "nodes");
        Map<String, Integer> additions = new LinkedHashMap<>();
        for (String node : nodes) {
            additions.put(checkNode(node), weight);
        }
        addAll(additions);
    }

    /** Adds every node with its own weight, publishing once; validates everything before changing anything. */
    void addAll(Map<String, Integer> additions) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        additions.forEach((node, weight) -> counts.put(checkNode(node), pointsFor(weight)));
        synchronized (lock) {
            counts.forEach((node, count) -> {
                removePoints(node);
                long[] points = Md5.nodePoints(node.getBytes(StandardCharsets.UTF_8), count);
                for (int i = 0; i < count; i++) {
                    ring.put(new Point(points[2 * i], points[2 * i + 1]), node);
                }
                pointsByNode.put(node, points);
                weights.put(node, additions.get(node));
            });
            publish();
        }
    }

    /**
     * Removes a node and all its points.
     *
     * @param node the node to remove
     * @throws UnknownNodeException if the node is not on the ring (tooz's {@code UnknownNode})
     */
    public void removeNode(String node) {
        synchronized (lock) {
            if (node == null || weights.remove(node) == null) {
                throw new UnknownNodeException(node);
            }
            removePoints(node);
            publish();
        }
    }

    /** Returns an unmodifiable snapshot of node to weight, in insertion order (tooz's {@code nodes} dict). */
    public Map<String, Integer> nodes() {
        return snapshot.nodes();
    }

    /** Returns the number of points on the ring, {@code partitions * sum(weights)} barring collisions (tooz's len). */
    public int size() {
        return snapshot.size();
    }

    /** Returns the number of points per unit of weight. */
    public int partitions() {
        return partitions;
    }

    /** Returns the single node owning {@code data}, or an empty set if the ring is empty (tooz {@code ring[data]}). */
    public Set<String> getNodes(byte[] data) {
        return getNodes(data, Set.of(), 1);
    }

    /**
     * Returns the nodes owning {@code data}, like tooz's {@code get_nodes(data, ignore_nodes, replicas)}.
     *
     * @param data the key bytes, hashed with MD5
     * @param ignore nodes to skip (null means none); names not on the ring are allowed
     * @param replicas how many distinct nodes to return, at least 0
     * @return an unmodifiable set of {@code min(replicas, |nodes - ignore|)} nodes, iterating in walk order (the
     *     primary owner first)
     * @throws IllegalArgumentException if {@code replicas < 0}
     */
    public Set<String> getNodes(byte[] data, @Nullable Set<String> ignore, int replicas) {
        Objects.requireNonNull(data, "data");
        if (replicas < 0) {
            throw new IllegalArgumentException("replicas must be >= 0, got " + replicas);
        }
        RingPoints current = snapshot;
        if (current.size() == 0) {
            return Set.of();
        }
        Md5 md5 = Md5.local();
        md5.hash(data);
        return current.walk(md5.hi(), md5.lo(), ignore == null ? Set.of() : ignore, replicas);
    }

    /**
     * {@link #getNodes(byte[])} of the key's UTF-8 bytes. tooz's partitioner hashes {@code str(obj).encode('utf8')};
     * note that a Python {@code bytes} object's {@code str} is its repr, e.g. {@code "b'x'"}.
     */
    public Set<String> getNodes(String key) {
        return getNodes(key.getBytes(StandardCharsets.UTF_8));
    }

    /** {@link #getNodes(byte[], Set, int)} of the key's UTF-8 bytes. */
    public Set<String> getNodes(String key, @Nullable Set<String> ignore, int replicas) {
        return getNodes(key.getBytes(StandardCharsets.UTF_8), ignore, replicas);
    }

    @Override
    public String toString() {
        RingPoints s = snapshot;
        return "HashRing{partitions=" + partitions + ", points=" + s.size() + ", nodes=" + s.nodes() + "}";
    }

    private void removePoints(String node) {
        long[] points = pointsByNode.remove(node);
        if (points != null) {
            for (int i = 0; i < points.length; i += 2) {
                ring.remove(new Point(points[i], points[i + 1]));
            }
        }
    }

    private void publish() {
        snapshot = RingPoints.of(ring, Collections.unmodifiableMap(new LinkedHashMap<>(weights)));
    }

    private int pointsFor(int weight) {
        if (weight < 1) {
            throw new IllegalArgumentException("weight must be >= 1, got " + weight);
        }
        long count = (long) partitions * weight;
        if (count > MAX_POINTS_PER_NODE) {
            throw new IllegalArgumentException(
                    "partitions * weight must be <= " + MAX_POINTS_PER_NODE + ", got " + partitions + " * " + weight);
        }
        return (int) count;
    }

    private static String checkNode(String node) {
        if (node == null || node.isEmpty()) {
            throw new IllegalArgumentException(
                    "node must be a non-empty string, got " + (node == null ? "null" : "\"\""));
        }
        return node;
    }
}
