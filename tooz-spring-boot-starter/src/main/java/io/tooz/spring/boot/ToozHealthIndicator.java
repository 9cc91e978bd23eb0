package io.tooz.spring.boot;

import io.tooz.Coordinator;
import io.tooz.Feature;
import io.tooz.ToozException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The {@code tooz} health contributor: {@code UP} with the backend's scheme, the member id and the groups this
 * instance takes part in through the starter; {@code DOWN} while the coordinator is stopped or the backend does not
 * answer within {@code tooz.health.timeout}; {@code OUT_OF_SERVICE} while this instance's membership of a periodic
 * tasks group has lapsed (the coordinator joins it again) or {@link WhileLeader} work runs on after its leadership
 * ended. One backend round trip per group (one in all without groups).
 */
final class ToozHealthIndicator implements HealthIndicator {
    private final Coordinator coordinator;
    private final ToozProperties properties;
    private final PeriodicTasksRegistrar tasks;
    private final LeaderRegistrar leaders;

    ToozHealthIndicator(
            Coordinator coordinator, ToozProperties properties, PeriodicTasksRegistrar tasks, LeaderRegistrar leaders) {
        this.coordinator = coordinator;
        this.properties = properties;
        this.tasks = tasks;
        this.leaders = leaders;
    }

    @Override
    public Health health() {
        Health.Builder health = Health.up()
                .withDetail("backend", Backends.scheme(properties.url()))
                .withDetail("memberId", coordinator.memberId());
        if (!coordinator.isStarted()) {
            return health.down().withDetail("coordinator", "stopped").build();
        }
        Duration timeout = properties.health().timeout();
        Map<String, Object> groups = new LinkedHashMap<>();
        try {
            for (String group : tasks.schedulers().keySet()) {
                Set<String> members = coordinator.getMembers(group).get(timeout);
                boolean joined = members.contains(coordinator.memberId());
                groups.put(group, Map.of("role", "periodic tasks", "members", members.size(), "joined", joined));
                if (!joined) {
                    health.outOfService().withDetail("reason", "membership of " + group + " lapsed; rejoining");
                }
            }
            for (LeaderGroup g : leaders.groups().values()) {
                Optional<String> leader = coordinator.getLeader(g.group).get(timeout);
                Map<String, Object> detail = new LinkedHashMap<>();
                detail.put("role", "leader-only work");
                detail.put("leader", leader.orElse(""));
                detail.put("leading", g.leading());
                long overrunning = g.overrunning();
                if (overrunning > 0) {
                    detail.put("overrunning", overrunning);
                    health.outOfService()
                            .withDetail(
                                    "reason", "leader-only work of " + g.group + " runs on after its leadership ended");
                }
                groups.put(g.group, detail);
            }
            if (groups.isEmpty()) {
                probe(timeout);
            }
        } catch (ToozException e) {
            return health.down()
                    .withDetail("error", e.getClass().getSimpleName() + ": " + ToozFailureAnalyzer.redact(message(e)))
                    .withDetail("groups", groups)
                    .build();
        }
        return health.withDetail("groups", groups).build();
    }

    private void probe(Duration timeout) {
        if (coordinator.features().contains(Feature.GROUPS)) {
            coordinator.getGroups().get(timeout);
        } else {
            coordinator.heartbeat();
        }
    }

    private static String message(ToozException e) {
        @Nullable String m = e.getMessage();
        return m == null ? "" : m;
    }
}
