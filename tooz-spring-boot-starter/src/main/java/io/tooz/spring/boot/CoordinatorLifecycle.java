package io.tooz.spring.boot;

import io.tooz.Coordinator;
import io.tooz.spi.ConnectionUrl;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Stops the coordinator with the context, after everything that uses it (the lowest phase: stopped last), and starts
 * it again when a stopped context is started. The coordinator bean is started when created, so that beans using it
 * while the context starts find it connected, and so that a backend that cannot be reached fails the start at once.
 */
final class CoordinatorLifecycle implements SmartLifecycle {
    /** Below every default phase (0 for a plain {@code Lifecycle}): started first, stopped last. */
    static final int PHASE = -(1 << 20);

    private static final Logger LOG = LoggerFactory.getLogger(CoordinatorLifecycle.class);
    private final Coordinator coordinator;
    private final @Nullable String url;

    CoordinatorLifecycle(Coordinator coordinator, @Nullable String url) {
        this.coordinator = coordinator;
        this.url = url;
    }

    @Override
    public void start() {
        if (!coordinator.isStarted()) {
            coordinator.start();
            LOG.info("tooz coordinator {} started again on {}", coordinator.memberId(), ConnectionUrl.redact(url));
        }
    }

    @Override
    public void stop() {
        if (coordinator.isStarted()) {
            coordinator.close();
            LOG.info("tooz coordinator {} stopped: left its groups, released its locks", coordinator.memberId());
        }
    }

    @Override
    public boolean isRunning() {
        return coordinator.isStarted();
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
