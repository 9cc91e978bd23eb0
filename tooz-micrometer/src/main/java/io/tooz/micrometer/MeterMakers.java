package io.tooz.micrometer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.tooz.CoordinatorObserver.ConnectionState;
import io.tooz.GroupEvent;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** How {@link ToozMetrics} names and describes its meters that do not depend on its settings, and their tag values. */
final class MeterMakers {
    private MeterMakers() {}

    static Counter.Builder leadershipCounter(RegistryMeters.Key k) {
        return Counter.builder(k.name())
                .description("Leaderships of a group this process gained, or lost")
                .tag("group", (String) k.a());
    }

    static Timer.Builder delayTimer(RegistryMeters.Key k) {
        return Timer.builder("tooz.watch.event.delay")
                .description("From when the coordinator learned of a watched event until its callbacks ran")
                .tag("type", (String) k.a());
    }

    static Timer.Builder requestTimer(RegistryMeters.Key k) {
        String exception = (String) k.b();
        return Timer.builder("tooz.backend.request")
                .description("Calls to the backend, by driver operation")
                .tag("operation", (String) k.a())
                .tag("outcome", exception.equals("none") ? "success" : "error")
                .tag("exception", exception);
    }

    static Counter.Builder transitionCounter(RegistryMeters.Key k) {
        return Counter.builder("tooz.connection.transitions")
                .description("Times a coordinator's connection entered this state")
                .tag("state", tag((Enum<?>) k.a()));
    }

    static void membersGauge(RegistryMeters r, String group, AtomicInteger count) {
        Gauge.builder("tooz.group.members", count, AtomicInteger::get)
                .description("Members of a watched group")
                .tags(r.common)
                .tag("group", group)
                .strongReference(true)
                .register(r.registry);
    }

    static void leadingGauge(RegistryMeters r, String group, AtomicInteger count) {
        Gauge.builder("tooz.leadership.leading", count, AtomicInteger::get)
                .description("Coordinators of this process that lead the group (1 while this process leads it)")
                .tags(r.common)
                .tag("group", group)
                .strongReference(true)
                .register(r.registry);
    }

    static double count(Map<String, ConnectionState> states, ConnectionState s) {
        return states.values().stream().filter(v -> v == s).count();
    }

    static String tag(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    static String type(GroupEvent e) {
        if (e instanceof GroupEvent.MemberJoined) {
            return "member_joined";
        } else if (e instanceof GroupEvent.MemberLeft) {
            return "member_left";
        } else if (e instanceof GroupEvent.LeaderElected) {
            return "leader_elected";
        } else if (e instanceof GroupEvent.LeadershipLost) {
            return "leadership_lost";
        }
        return "leader_changed";
    }
}
