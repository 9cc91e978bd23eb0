package io.tooz.hashring;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;

/**
 * Immutable snapshot of a ring: the sorted points and the node weights that were current when it was built. Readers
 * use a snapshot without locking; {@link HashRing} publishes a new one after every mutation.
 *
 * <p>Point {@code i} is the unsigned 128-bit value {@code (points[2i], points[2i + 1])} (high word first, one array for
 * cache locality); its owner is {@code owners[i]}. Points are strictly ascending.
 */
final class RingPoints {
    static final RingPoints EMPTY = new RingPoints(new long[0], new String[0], Collections.emptyMap());

    private final long[] points;
    private final String[] owners;
    private final Map<String, Integer> nodes;

    /** Takes ownership of the arrays; {@code nodes} must be unmodifiable. */
    RingPoints(long[] points, String[] owners, Map<String, Integer> nodes) {
        this.points = points;
        this.owners = owners;
        this.nodes = nodes;
    }

    /** Builds a snapshot from points already in ascending order. */
    static RingPoints of(SortedMap<Point, String> ring, Map<String, Integer> nodes) {
        long[] points = new long[2 * ring.size()];
        String[] owners = new String[ring.size()];
        int i = 0;
        for (Map.Entry<Point, String> e : ring.entrySet()) {
            points[2 * i] = e.getKey().hi();
            points[2 * i + 1] = e.getKey().lo();
            owners[i++] = e.getValue();
        }
        return new RingPoints(points, owners, nodes);
    }

    int size() {
        return owners.length;
    }

    Map<String, Integer> nodes() {
        return nodes;
    }

    /** Compares point {@code i} of {@code points} with the 128-bit value {@code (hi, lo)}, unsigned. */
    private static int compare(long[] points, int i, long hi, long lo) {
        int c = Long.compareUnsigned(points[2 * i], hi);
        return c != 0 ? c : Long.compareUnsigned(points[2 * i + 1], lo);
    }

    /**
     * Python's {@code _get_partition}: {@code bisect.bisect_right(points, hash)}, wrapped to 0 past the end. A hash
     * equal to a point therefore maps to the <em>next</em> point.
     */
    int partition(long hi, long lo) {
        int low = 0;
        int high = owners.length;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (compare(points, mid, hi, lo) > 0) {
                high = mid;
            } else {
                low = mid + 1;
            }
        }
        return low < owners.length ? low : 0;
    }

    /**
     * Python's {@code get_nodes} walk: from the partition of {@code (hi, lo)} go clockwise, collecting distinct nodes
     * not in {@code ignore}, until {@code min(replicas, |nodes - ignore|)} are found.
     *
     * <p>Unlike Python, the walk stops after one full turn, so it cannot loop forever if a node lost all its points to
     * hash collisions.
     *
     * @return an unmodifiable set in walk order
     */
    Set<String> walk(long hi, long lo, Set<String> ignore, int replicas) {
        int candidates = nodes.size();
        if (!ignore.isEmpty()) {
            for (String node : ignore) {
                if (nodes.containsKey(node)) {
                    candidates--;
                }
            }
        }
        int wanted = Math.min(replicas, candidates);
        if (wanted <= 0) {
            return Set.of();
        }
        int n = owners.length;
        int p = partition(hi, lo);
        if (wanted == 1 && ignore.isEmpty()) {
            return Set.of(owners[p]);
        }
        Set<String> found = new LinkedHashSet<>(wanted * 2);
        for (int step = 0; step < n && found.size() < wanted; step++) {
            String owner = owners[p];
            if (!ignore.contains(owner)) {
                found.add(owner);
            }
            p = p + 1 < n ? p + 1 : 0;
        }
        if (found.size() == 1) {
            return Set.of(found.iterator().next());
        }
        return Collections.unmodifiableSet(found);
    }

    /** One ring point, the unsigned 128-bit value {@code (hi << 64) | lo}; natural order is numeric order. */
    record Point(long hi, long lo) implements Comparable<Point> {
        @Override
        public int compareTo(Point o) {
            int c = Long.compareUnsigned(hi, o.hi);
            return c != 0 ? c : Long.compareUnsigned(lo, o.lo);
        }
    }
}
