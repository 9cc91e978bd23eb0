package io.tooz.internal;

import io.tooz.Characteristic;
import io.tooz.Coordinator;
import io.tooz.WatchMode;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Placeholder while the engine is written. */
public final class DefaultCoordinator {
    private DefaultCoordinator() {}

    public static Coordinator create(
            String url,
            String memberId,
            Map<String, List<String>> options,
            Set<Characteristic> required,
            WatchMode watchMode,
            boolean autoHeartbeat) {
        throw new UnsupportedOperationException("engine not written yet");
    }
}
