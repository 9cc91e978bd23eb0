package io.tooz.spring.boot;

import java.lang.reflect.Method;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Set;
import java.util.TimeZone;
import org.jspecify.annotations.Nullable;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.scheduling.annotation.Schedules;
import org.springframework.scheduling.support.CronExpression;
import org.springframework.util.StringUtils;

/**
 * How a {@link FleetOnce} method's {@code @Scheduled} trigger is named, as {@link FleetOnce} says: a cron fire time,
 * or a fixedRate or fixedDelay window of the fleet's clock.
 */
final class FleetTrigger {
    private static final long MAX_LOOKBACK_SECONDS = 400L * 24 * 3600;

    /** A named trigger: its time (epoch ms) and how long its claim must live. */
    record Slot(long startMillis, Duration ttl) {}

    private final @Nullable CronExpression cron;
    private final ZoneId zone;
    private final long periodMillis;
    private final boolean rate;
    private long anchorWindow;
    private long anchorNanos;
    private boolean anchored;

    private FleetTrigger(@Nullable CronExpression cron, ZoneId zone, long periodMillis, boolean rate) {
        this.cron = cron;
        this.zone = zone;
        this.periodMillis = periodMillis;
        this.rate = rate;
    }

    static FleetTrigger of(Method method, Placeholders placeholders, String where) {
        Set<Scheduled> all =
                AnnotatedElementUtils.getMergedRepeatableAnnotations(method, Scheduled.class, Schedules.class);
        if (all.size() != 1) {
            throw new IllegalStateException(where + " needs exactly one @Scheduled (with cron, fixedRate or"
                    + " fixedDelay), found " + all.size());
        }
        Scheduled s = all.iterator().next();
        String cron = placeholders.resolve(s.cron());
        if (StringUtils.hasText(cron)) {
            if (Scheduled.CRON_DISABLED.equals(cron)) {
                // Spring never schedules it; a direct call gets a trigger of its own second, like a per-second cron
                cron = "* * * * * *";
            }
            String zone = placeholders.resolve(s.zone());
            ZoneId zoneId = StringUtils.hasText(zone)
                    ? StringUtils.parseTimeZoneString(zone).toZoneId()
                    : TimeZone.getDefault().toZoneId();
            return new FleetTrigger(CronExpression.parse(cron), zoneId, 0, false);
        }
        Duration rate = period(s.fixedRate(), s.fixedRateString(), s, placeholders, where + ": fixedRate");
        Duration delay = period(s.fixedDelay(), s.fixedDelayString(), s, placeholders, where + ": fixedDelay");
        if (rate != null) {
            return new FleetTrigger(null, ZoneId.systemDefault(), positive(rate, where), true);
        }
        if (delay != null) {
            return new FleetTrigger(null, ZoneId.systemDefault(), positive(delay, where), false);
        }
        throw new IllegalStateException(where + ": its @Scheduled has no cron, fixedRate or fixedDelay, so it has no"
                + " trigger to run once across the fleet");
    }

    private static @Nullable Duration period(
            long value, String text, Scheduled s, Placeholders placeholders, String what) {
        if (value >= 0) {
            return Duration.of(value, s.timeUnit().toChronoUnit());
        }
        String resolved = placeholders.resolve(text).trim();
        if (resolved.isEmpty()) {
            return null;
        }
        if (resolved.chars().allMatch(Character::isDigit)) {
            return Duration.of(Long.parseLong(resolved), s.timeUnit().toChronoUnit());
        }
        return placeholders.duration(resolved, what);
    }

    private static long positive(Duration d, String where) {
        if (d.toMillis() < 1) {
            throw new IllegalStateException(where + ": a period under 1 ms has no windows to name");
        }
        return d.toMillis();
    }

    /** The trigger a run starting now serves; {@code fleetNow} reads the fleet's clock (not called for cron). */
    synchronized Slot slot(java.util.function.LongSupplier fleetNow) {
        if (cron != null) {
            return cronSlot(cron);
        }
        long now = fleetNow.getAsLong();
        long window = Math.floorDiv(now, periodMillis);
        if (rate) {
            long nanos = System.nanoTime();
            long locked = anchorWindow + Math.round((nanos - anchorNanos) / (periodMillis * 1e6));
            if (anchored && Math.abs(locked - window) <= 1) {
                window = locked;
            } else {
                anchorWindow = window;
                anchorNanos = nanos;
                anchored = true;
            }
        }
        return new Slot(
                window * periodMillis, Duration.ofMillis(2 * periodMillis).plusSeconds(10));
    }

    private Slot cronSlot(CronExpression expression) {
        ZonedDateTime now = ZonedDateTime.now(zone);
        ZonedDateTime next = expression.next(now);
        ZonedDateTime previous = previous(expression, now);
        ZonedDateTime fire;
        if (previous == null || next == null) {
            fire = previous != null ? previous : next;
            if (fire == null) {
                throw new IllegalStateException("cron expression " + expression + " never fires");
            }
        } else {
            fire = Duration.between(previous, now).compareTo(Duration.between(now, next)) <= 0 ? previous : next;
        }
        ZonedDateTime after = expression.next(fire);
        Duration gap = after == null ? Duration.ofDays(1) : Duration.between(fire, after);
        return new Slot(fire.toInstant().toEpochMilli(), gap.multipliedBy(2).plusSeconds(10));
    }

    /** The latest fire time at or before {@code now}, looking back at most 400 days. */
    private static @Nullable ZonedDateTime previous(CronExpression expression, ZonedDateTime now) {
        for (long back = 1; back <= MAX_LOOKBACK_SECONDS; back *= 2) {
            ZonedDateTime fire = expression.next(now.minusSeconds(back));
            if (fire != null && !fire.isAfter(now)) {
                for (ZonedDateTime later = expression.next(fire); later != null && !later.isAfter(now); ) {
                    fire = later;
                    later = expression.next(fire);
                }
                return fire;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return cron != null ? "cron " + cron : (rate ? "fixedRate " : "fixedDelay ") + periodMillis + " ms";
    }
}
