package io.tooz.schedule;

import io.tooz.ToozConfigurationException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Consistent hashing with bounded loads: which member runs which task. Each member has {@code pointsPerWeight ×
 * weight} points on an md5 ring; tasks are taken in ring order and each goes to the first member clockwise from its
 * hash that is below its capacity, {@code max(ceil(share), floor(maxLoad × share))} where {@code share = tasks ×
 * weight / total weight}. So the busiest member carries at most {@code maxLoad} × its share (given a share of at least
 * {@code 1 / (maxLoad - 1)} tasks), and a join or leave moves little more than the ideal {@code 1/n} of the tasks.
 *
 * <p>Deterministic: every worker computes the same assignment from the same members and tasks. Not Python tooz's
 * {@link io.tooz.hashring.HashRing} (32 points, no bound), which maps objects for interop; this ring only has to agree
 * with itself. Immutable and thread-safe.
 */
public final class TaskRing {
    /** Points per unit of weight: enough that shares, and the tasks a change moves, are within a few percent of ideal. */
    public static final int DEFAULT_POINTS_PER_WEIGHT = 1024;

    /** The default bound on a member's load against its share. */
    public static final double DEFAULT_MAX_LOAD = 1.15;

    private final Map<String, Integer> members;
    private final double maxLoad;
    private final long[] points;
    private final String[] owners;

    /**
     * A ring over {@code members} (id → weight ≥ 1).
     *
     * @throws ToozConfigurationException if a weight, the points or the bound is out of range
     */
    public TaskRing(Map<String, Integer> members, int pointsPerWeight, double maxLoad) {
        if (pointsPerWeight < 1 || pointsPerWeight > 65_536) {
            throw new ToozConfigurationException("points per weight must be 1..65536, got " + pointsPerWeight);
        }
        if (!(maxLoad >= 1.0)) {
            throw new ToozConfigurationException(
                    "maxLoad must be at least 1.0 (1.15 allows 15% above a member's share), got " + maxLoad);
        }
        TreeMap<String, Integer> sorted = new TreeMap<>(members);
        sorted.forEach((m, w) -> {
            if (w == null || w < 1 || w > 1_000) {
                throw new ToozConfigurationException("weight of " + m + " must be 1..1000, got " + w);
            }
        });
        this.members = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sorted));
        this.maxLoad = maxLoad;
        int total = sorted.values().stream().mapToInt(w -> w * pointsPerWeight).sum();
        long[][] pairs = new long[total][];
        String[] names = sorted.keySet().toArray(String[]::new);
        int k = 0;
        MessageDigest md5 = md5();
        for (int n = 0; n < names.length; n++) {
            int count = Objects.requireNonNull(sorted.get(names[n])) * pointsPerWeight;
            for (int i = 0; i < count; i++) {
                pairs[k++] = new long[] {hash(md5, names[n] + "#" + i), n};
            }
        }
        Arrays.sort(pairs, (a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        this.points = new long[total];
        this.owners = new String[total];
        for (int i = 0; i < total; i++) {
            points[i] = pairs[i][0];
            owners[i] = names[(int) pairs[i][1]];
        }
    }

    /** A ring over equally weighted members with the default points and bound. */
    public static TaskRing of(Collection<String> members) {
        Map<String, Integer> weights = new HashMap<>();
        members.forEach(m -> weights.put(m, 1));
        return new TaskRing(weights, DEFAULT_POINTS_PER_WEIGHT, DEFAULT_MAX_LOAD);
    }

    /** The members and weights. */
    public Map<String, Integer> members() {
        return members;
    }

    /**
     * Assigns each distinct task to a member.
     *
     * @return task → member, in the tasks' order; empty if there are no members
     */
    public Map<String, String> assign(Collection<String> tasks) {
        List<String> distinct = List.copyOf(new LinkedHashSet<>(tasks));
        Map<String, String> out = new LinkedHashMap<>();
        if (points.length == 0) {
            return out;
        }
        Map<String, Integer> capacity = capacities(distinct.size());
        Map<String, Integer> load = new HashMap<>();
        MessageDigest md5 = md5();
        long[][] order = new long[distinct.size()][];
        for (int i = 0; i < order.length; i++) {
            order[i] = new long[] {hash(md5, distinct.get(i)), i};
        }
        Arrays.sort(
                order,
                (a, b) -> a[0] != b[0]
                        ? Long.compare(a[0], b[0])
                        : distinct.get((int) a[1]).compareTo(distinct.get((int) b[1])));
        Map<String, String> byTask = new HashMap<>();
        for (long[] t : order) {
            int at = Arrays.binarySearch(points, t[0]);
            int start = at >= 0 ? at : -at - 1;
            for (int step = 0; step < points.length; step++) {
                String m = owners[(start + step) % points.length];
                int used = load.getOrDefault(m, 0);
                if (used < Objects.requireNonNull(capacity.get(m))) {
                    load.put(m, used + 1);
                    byTask.put(distinct.get((int) t[1]), m);
                    break;
                }
            }
        }
        distinct.forEach(t -> out.put(t, byTask.get(t)));
        return out;
    }

    private Map<String, Integer> capacities(int tasks) {
        int totalWeight = members.values().stream().mapToInt(Integer::intValue).sum();
        Map<String, Integer> out = new HashMap<>();
        members.forEach((m, w) -> {
            double share = (double) tasks * w / totalWeight;
            out.put(m, (int) Math.max(Math.ceil(share), Math.floor(maxLoad * share + 1e-9)));
        });
        return out;
    }

    private static long hash(MessageDigest md5, String s) {
        return ByteBuffer.wrap(md5.digest(s.getBytes(StandardCharsets.UTF_8))).getLong();
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required of every Java platform", e);
        }
    }

    @Override
    public String toString() {
        return "TaskRing" + members + " maxLoad " + maxLoad;
    }
}
