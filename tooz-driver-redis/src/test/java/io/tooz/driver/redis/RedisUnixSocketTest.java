package io.tooz.driver.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tooz.Coordinator;
import io.tooz.GroupEvent;
import io.tooz.LockLease;
import io.tooz.ToozConnectionException;
import io.tooz.tck.EventRecorder;
import io.tooz.tck.ServerTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code redis:///path/to/redis.sock}, as redis-py takes it: commands, pushed events and a missing socket. */
@Timeout(60)
class RedisUnixSocketTest {

    @Test
    @ServerTest
    void everythingWorksOverAUnixSocket() throws Exception {
        Path dir = Files.createTempDirectory("tooz-redis-unix-");
        Path socket = dir.resolve("redis.sock");
        try (PrivateRedis redis = PrivateRedis.start(List.of("--unixsocket", socket.toString()));
                Coordinator a = Coordinator.builder("redis://" + socket + "?timeout=2")
                        .memberId("a")
                        .build();
                Coordinator b = Coordinator.builder("redis://" + socket + "?timeout=2&watch_interval=1h")
                        .memberId("b")
                        .build()) {
            a.start();
            b.start();
            a.createGroup("g").get();
            EventRecorder<GroupEvent.MemberJoined> joins = new EventRecorder<>();
            b.watchJoinGroup("g", joins); // pushed over b's pub/sub connection, on the socket too
            a.joinGroup("g").get();
            await().atMost(Duration.ofSeconds(10)).until(() -> joins.contains(new GroupEvent.MemberJoined("g", "a")));
            try (LockLease lease = a.getLock("x").acquire()) {
                assertThat(b.getLock("x").tryAcquire()).isEmpty();
                assertThat(b.getLock("x").holder()).contains("a");
            }
        }
    }

    @Test
    void aMissingSocketIsAConnectionErrorNamingIt() {
        try (Coordinator c = Coordinator.builder("redis:///nonexistent/redis.sock?timeout=1")
                .memberId("m")
                .build()) {
            assertThatThrownBy(c::start)
                    .isInstanceOf(ToozConnectionException.class)
                    .hasMessageContaining("unix:/nonexistent/redis.sock");
        }
    }
}
