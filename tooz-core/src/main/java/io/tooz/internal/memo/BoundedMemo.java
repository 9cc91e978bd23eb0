package io.tooz.internal.memo;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Values derived once per key and remembered, for a driver's hot path that would otherwise derive the same thing at
 * every call (a lock's server keys from its name, its file from its name). At most about {@code limit} keys are
 * remembered: past it the memory starts afresh, which keeps no eviction order on the hot path. A derivation that throws
 * is not remembered. Thread-safe; two threads may derive the same key at once, and either value is kept.
 */
public final class BoundedMemo<K, V> {
    private final ConcurrentHashMap<K, V> values = new ConcurrentHashMap<>();
    private final int limit;
    private final Function<? super K, ? extends V> derive;

    public BoundedMemo(int limit, Function<? super K, ? extends V> derive) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        }
        this.limit = limit;
        this.derive = Objects.requireNonNull(derive, "derive");
    }

    /** The value of {@code key}, derived now if not remembered. */
    public V get(K key) {
        V v = values.get(key);
        if (v == null) {
            v = derive.apply(key);
            if (values.size() >= limit) {
                values.clear();
            }
            values.put(key, v);
        }
        return v;
    }
}
