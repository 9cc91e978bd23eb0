package io.tooz.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.tooz.spi.DriverClaims;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Periods follow the backend's clock, not this host's, when the backend has one. */
class PeriodClockTest {
    private static final long HOUR = 3_600_000;

    /** A ledger whose server clock runs an hour ahead of this host, answering after {@code delays} ms in turn. */
    private static DriverClaims aheadByAnHour(AtomicInteger reads, long... delays) {
        return ledger(reads, true, delays);
    }

    private static DriverClaims ledger(AtomicInteger reads, boolean hasClock, long... delays) {
        return new DriverClaims() {
            @Override
            public Map<String, Long> claim(String ns, long period, List<String> tasks, String holder, Duration ttl) {
                return Map.of();
            }

            @Override
            public Optional<Claim> read(String ns, long period, String task) {
                return Optional.empty();
            }

            @Override
            public OptionalLong currentTimeMillis() {
                int i = reads.getAndIncrement();
                if (!hasClock) {
                    return OptionalLong.empty();
                }
                long delay = delays[Math.min(i, delays.length - 1)];
                long read = System.currentTimeMillis() + HOUR; // the server reads its clock, then the answer travels
                try {
                    Thread.sleep(delay);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return OptionalLong.of(read);
            }

            @Override
            public long requests() {
                return reads.get();
            }
        };
    }

    @Test
    void aSkewedHostAgreesWithTheBackendsClock() {
        AtomicInteger reads = new AtomicInteger();
        PeriodClock clock = new PeriodClock(aheadByAnHour(reads, 0));
        clock.sync();
        long expected = System.currentTimeMillis() + HOUR;
        assertThat(clock.nowMillis()).isBetween(expected - 50, expected + 50);
        assertThat(reads.get()).as("a few readings, the quickest kept").isEqualTo(3);
        clock.sync();
        assertThat(reads.get()).as("not read again within 10 s").isEqualTo(3);
    }

    @Test
    void theQuickestReadingWins() {
        AtomicInteger reads = new AtomicInteger();
        // the first answer is 400 ms late (a loaded server or network): trusting it would put us 200 ms off
        PeriodClock clock = new PeriodClock(aheadByAnHour(reads, 400, 0, 0));
        clock.sync();
        long expected = System.currentTimeMillis() + HOUR;
        assertThat(clock.nowMillis()).isBetween(expected - 50, expected + 50);
    }

    @Test
    void withoutABackendClockThisHostsIsUsed() {
        AtomicInteger reads = new AtomicInteger();
        PeriodClock clock = new PeriodClock(ledger(reads, false, 0));
        clock.sync();
        assertThat(clock.nowMillis()).isBetween(System.currentTimeMillis() - 50, System.currentTimeMillis() + 50);
        assertThat(reads.get()).as("asked once, then not again").isEqualTo(1);
    }
}
