package io.tooz.junit;

import io.tooz.Coordinator;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Every live coordinator the extension created in this test run, by identity, for {@link ToozFaults}. */
final class Registry {
    private final Map<Coordinator, Tracked> tracked = new IdentityHashMap<>();

    static Registry of(ExtensionContext context) {
        return context.getRoot()
                .getStore(ToozExtension.NAMESPACE)
                .getOrComputeIfAbsent(Registry.class, k -> new Registry(), Registry.class);
    }

    synchronized void add(Tracked t) {
        tracked.put(t.coordinator(), t);
    }

    synchronized void remove(Tracked t) {
        tracked.remove(t.coordinator(), t);
    }

    synchronized Optional<Tracked> find(Coordinator c) {
        return Optional.ofNullable(tracked.get(c));
    }
}
