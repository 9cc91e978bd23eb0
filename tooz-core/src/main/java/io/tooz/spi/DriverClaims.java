package io.tooz.spi;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The once-per-period ledger of the periodic scheduler ({@code io.tooz.schedule}): a claim on {@code (task, period)}
 * is a record created only if absent, carrying its holder and a fencing token from the backend, and living at least
 * a given time. Each driver builds it in its own terms (a node, a key, a row, a file).
 *
 * <p>A claim is identified by {@code (namespace, periodStartMillis, task)}. Namespaces and tasks are any names the
 * core accepts (non-empty, at most 255 UTF-8 bytes, any characters); the driver encodes them as its backend needs.
 *
 * <p><b>What the core guarantees.</b> Each scheduler calls from its own thread, and one coordinator may run several
 * schedulers, so calls may overlap and the facet must be thread-safe. A failed call is logged and the scheduler tries
 * again at its next tick (a claim is only ever created, never changed, so a retried batch that had partly succeeded
 * just finds those tasks claimed). Errors: {@link io.tooz.ToozException} subclasses.
 */
public interface DriverClaims {

    /**
     * Claims {@code tasks} for the period starting at {@code periodStartMillis}: for each task without a claim yet,
     * creates one held by {@code holder}, atomically per task, living at least {@code ttl}.
     *
     * <p>Fencing tokens come from the backend (a counter, a revision, a sequence) and are strictly greater than the
     * token of every claim in the namespace whose creation completed before this call began, so a task's tokens rise
     * with its periods. Tokens need not be contiguous.
     *
     * @return the tasks this call claimed, each with its token; a task claimed before (by anyone, this holder
     *     included) is absent
     */
    Map<String, Long> claim(String namespace, long periodStartMillis, List<String> tasks, String holder, Duration ttl);

    /** The claim on a task for a period, while it exists. */
    Optional<Claim> read(String namespace, long periodStartMillis, String task);

    /**
     * Removes the namespace's claims of periods starting before {@code beforeMillis}, for backends that do not expire
     * records by themselves (a no-op where the backend does). The scheduler calls it from one worker at a time.
     */
    default void sweep(String namespace, long beforeMillis) {}

    /**
     * The backend's clock in epoch milliseconds, read now, where the backend has one (SQL {@code now()}, Redis {@code
     * TIME}); empty to use this machine's clock. Workers align periods on it, so skewed hosts agree on period numbers.
     */
    default OptionalLong currentTimeMillis() {
        return OptionalLong.empty();
    }

    /** How many requests this facet has sent to the backend since the driver started (a batch counts as one). */
    long requests();

    /** A claim as stored: who made it and its fencing token. */
    record Claim(String holder, long token) {}
}
