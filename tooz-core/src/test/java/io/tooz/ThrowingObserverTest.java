package io.tooz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * An observer that throws costs its coordinator nothing but one log line per kind of failure, and every other
 * observer still hears every event. slf4j-simple writes to whatever {@code System.err} is when it logs.
 */
class ThrowingObserverTest {

    @Test
    void aThrowingObserverIsLoggedOnceAndTheOthersStillHearEverything() {
        RecordingObserver first = new RecordingObserver();
        RecordingObserver last = new RecordingObserver();
        CoordinatorObserver throwing = new CoordinatorObserver() {
            @Override
            public void onBackendCall(BackendCall event) {
                throw new IllegalStateException("meter registry broken");
            }

            @Override
            public String toString() {
                return "the-throwing-observer";
            }
        };
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream stderr = System.err;
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        try (Coordinator c = Coordinator.builder("memory://throwing-" + UUID.randomUUID())
                .observer(first)
                .observer(throwing)
                .observer(last)
                .build()) {
            c.start();
            for (int i = 0; i < 5; i++) {
                c.getLock("l").acquire().release();
            }
        } finally {
            System.setErr(stderr);
            stderr.print(log.toString(StandardCharsets.UTF_8));
        }
        String text = log.toString(StandardCharsets.UTF_8);
        assertThat(text.split("the-throwing-observer threw from onBackendCall", -1))
                .hasSize(2);
        assertThat(text).contains("meter registry broken");
        assertThat(first.of(CoordinatorObserver.BackendCall.class)).hasSizeGreaterThanOrEqualTo(10);
        assertThat(last.events).isEqualTo(first.events);
        assertThat(last.of(CoordinatorObserver.LockAcquire.class)).hasSize(5);
    }
}
