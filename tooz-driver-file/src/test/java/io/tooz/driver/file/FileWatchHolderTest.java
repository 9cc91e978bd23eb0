package io.tooz.driver.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tooz.Coordinator;
import io.tooz.LockLease;
import io.tooz.internal.hooks.CoreHooks;
import io.tooz.spi.DriverLocks;
import io.tooz.spi.LockId;
import io.tooz.tck.MemberProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link DriverLocks#watchHolder} on a real directory: a grant and a release in this JVM are passed on at once; the
 * death of a holder in another process, which changes no file, by the probe.
 */
@Timeout(60)
@SuppressWarnings("try")
class FileWatchHolderTest {
    private static final Duration SOON = Duration.ofSeconds(5);

    @Test
    void watchHolderFiresOnGrantsAndReleasesHereAndOnAnotherProcessDying() throws Exception {
        Path dir = TempDirs.create("tooz-file-holder");
        String url = "file://" + dir;
        try (Coordinator a = Coordinator.builder(url).memberId("a").build();
                Coordinator b = Coordinator.builder(url).memberId("b").build()) {
            a.start();
            b.start();
            watch(url, a, CoreHooks.driver(b).facets().locks());
        } finally {
            TempDirs.remove(dir);
        }
    }

    private static void watch(String url, Coordinator a, DriverLocks locks) throws Exception {
        AtomicInteger calls = new AtomicInteger();
        try (AutoCloseable w = locks.watchHolder(LockId.lock("held"), calls::incrementAndGet)) {
            LockLease lease = a.getLock("held").acquire(SOON);
            await().atMost(SOON).until(() -> calls.get() >= 1);
            int before = calls.get();
            lease.release();
            await().atMost(SOON).until(() -> calls.get() > before);

            Path log = Files.createTempFile("tooz-file-member", ".log");
            try (MemberProcess member = MemberProcess.start(url, "other", "g", "held", log)) {
                assertThat(member.nextLine(Duration.ofSeconds(30))).startsWith("READY ");
                int held = quiet(calls); // the calls for its grant are over
                member.signal("KILL");
                await().atMost(SOON).until(() -> calls.get() > held);
            } finally {
                Files.deleteIfExists(log);
            }
        }
    }

    /** The count once it stayed the same for a few probe ticks. */
    private static int quiet(AtomicInteger calls) throws InterruptedException {
        int seen;
        do {
            seen = calls.get();
            Thread.sleep(6 * FileNotices.TICK_MS);
        } while (calls.get() != seen);
        return seen;
    }
}
