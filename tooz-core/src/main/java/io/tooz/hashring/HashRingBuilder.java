package io.tooz.hashring;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds a {@link HashRing} with a custom partition count and per-node weights; the nodes are hashed and published in
 * one step by {@link #build()}. Not thread-safe; the ring it builds is.
 *
 * <pre>{@code
 * HashRing ring = HashRing.builder().partitions(32).add("a").add("b", 2).build();
 * }</pre>
 */
public final class HashRingBuilder {
    private int partitions = HashRing.DEFAULT_PARTITIONS;
    private final Map<String, Integer> nodes = new LinkedHashMap<>();

    HashRingBuilder() {}

    /**
     * Sets the number of points per unit of weight (tooz's {@code partitions}); default {@value
     * HashRing#DEFAULT_PARTITIONS}. Python and Java agree on placement only if they use the same value.
     *
     * @param partitions at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code partitions < 1}
     */
    public HashRingBuilder partitions(int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1, got " + partitions);
        }
        this.partitions = partitions;
        return this;
    }

    /** Adds {@code node} with weight 1; see {@link #add(String, int)}. */
    public HashRingBuilder add(String node) {
        return add(node, 1);
    }

    /**
     * Adds {@code node} with {@code weight}; adding the same node again replaces its weight.
     *
     * @param node a non-empty name
     * @param weight at least 1
     * @return this builder
     * @throws IllegalArgumentException for a null or empty name or a weight below 1
     */
    public HashRingBuilder add(String node, int weight) {
        if (node == null || node.isEmpty()) {
            throw new IllegalArgumentException(
                    "node must be a non-empty string, got " + (node == null ? "null" : "\"\""));
        }
        if (weight < 1) {
            throw new IllegalArgumentException("weight must be >= 1, got " + weight + " for node " + node);
        }
        nodes.put(node, weight);
        return this;
    }

    /**
     * Builds the ring. The builder can be reused; later changes do not affect rings already built.
     *
     * @return a new mutable ring
     * @throws IllegalArgumentException if {@code partitions * weight} exceeds {@link HashRing#MAX_POINTS_PER_NODE}
     */
    public HashRing build() {
        HashRing ring = new HashRing(partitions);
        ring.addAll(nodes);
        return ring;
    }
}
