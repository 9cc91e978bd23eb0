package io.tooz.spring.boot;

import io.tooz.Coordinator;
import io.tooz.ToozException;
import io.tooz.spi.ClaimLedgers;
import io.tooz.spi.DriverClaims;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One {@link FleetOnce} method: names each trigger, claims it, and runs the method only if the claim was created. */
final class FleetMethod {
    private static final Logger LOG = LoggerFactory.getLogger(FleetMethod.class);
    private static final long SWEEP_EVERY_NANOS = 600_000_000_000L;
    private static final long WARN_EVERY_NANOS = 30_000_000_000L;

    private final String name;
    private final String namespace;
    private final FleetTrigger trigger;
    private final String where;
    private long sweptAt = System.nanoTime();
    private long warnedAt;

    FleetMethod(Method method, FleetOnce spec, Placeholders placeholders) {
        this.where = "@FleetOnce method " + method.getDeclaringClass().getName() + "." + method.getName();
        String given = placeholders.resolve(spec.value()).trim();
        this.name = given.isEmpty() ? method.getDeclaringClass().getSimpleName() + "." + method.getName() : given;
        if (name.getBytes(StandardCharsets.UTF_8).length > 255) {
            throw new IllegalStateException(where + ": its name is longer than 255 UTF-8 bytes");
        }
        this.namespace = namespace(name);
        this.trigger = FleetTrigger.of(method, placeholders, where);
    }

    @Nullable
    Object invoke(MethodInvocation invocation, Coordinator coordinator, FleetClock clock) throws Throwable {
        FleetTrigger.Slot slot;
        Map<String, Long> claimed;
        DriverClaims claims;
        try {
            claims = ClaimLedgers.of(coordinator);
            slot = trigger.slot(clock::nowMillis);
            claimed = claims.claim(namespace, slot.startMillis(), List.of(name), coordinator.memberId(), slot.ttl());
        } catch (ToozException e) {
            warn(e);
            return null;
        }
        Long token = claimed.get(name);
        if (token == null) {
            LOG.debug(
                    "{} of {}: claimed by another instance; skipped here",
                    name,
                    Instant.ofEpochMilli(slot.startMillis()));
            return null;
        }
        FleetRun run = new FleetRun(
                name,
                Instant.ofEpochMilli(slot.startMillis()),
                FleetRun.fencingToken(slot.startMillis(), token),
                token,
                coordinator.memberId());
        FleetRun.enter(run);
        try {
            return invocation.proceed();
        } finally {
            FleetRun.exit();
            sweep(claims, slot);
        }
    }

    /** Claims of long-gone triggers go away where the backend does not expire them (SQL); every ten minutes. */
    private void sweep(DriverClaims claims, FleetTrigger.Slot slot) {
        long now = System.nanoTime();
        synchronized (this) {
            if (now - sweptAt < SWEEP_EVERY_NANOS) {
                return;
            }
            sweptAt = now;
        }
        try {
            claims.sweep(namespace, slot.startMillis() - slot.ttl().toMillis());
        } catch (ToozException e) {
            LOG.debug("{}: sweeping old claims failed: {}", name, e.getMessage());
        }
    }

    private void warn(ToozException e) {
        long now = System.nanoTime();
        synchronized (this) {
            if (warnedAt != 0 && now - warnedAt < WARN_EVERY_NANOS) {
                LOG.debug("{}: trigger skipped, cannot claim it: {}", name, e.getMessage());
                return;
            }
            warnedAt = now;
        }
        LOG.warn("{}: trigger skipped, it could not be claimed (it never runs unclaimed): {}", name, e.getMessage());
    }

    /** {@code fleet-once~NAME}, hashed if it would be longer than 255 bytes. */
    static String namespace(String name) {
        String plain = "fleet-once~" + name;
        if (plain.getBytes(StandardCharsets.UTF_8).length <= 255) {
            return plain;
        }
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1").digest(name.getBytes(StandardCharsets.UTF_8));
            return "fleet-once~" + HexFormat.of().formatHex(sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every Java platform", e);
        }
    }

    @Override
    public String toString() {
        return where + " (" + name + ", " + trigger + ")";
    }
}
