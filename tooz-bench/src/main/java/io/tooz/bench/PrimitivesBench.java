package io.tooz.bench;

import io.tooz.Coordinator;
import io.tooz.DistributedLock;
import io.tooz.DistributedSemaphore;
import io.tooz.ReadWriteLock;
import io.tooz.bench.BenchRounds.Variant;
import io.tooz.spi.ConnectionUrl;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * {@code tooz bench primitives --url URL}: the read-write lock and the semaphore against the plain lock on the same
 * backend, and against the anchors that have them, in one run of interleaved rounds. Goals: an uncontended read lock
 * at least 0.9 times the plain lock; each primitive at least 1.1 times the best anchor on the same backend (Curator's
 * {@code InterProcessReadWriteLock} and {@code InterProcessSemaphoreV2} on ZooKeeper; Redisson's {@code
 * RReadWriteLock}, {@code RSemaphore} and {@code RPermitExpirableSemaphore} on Redis). Other backends have no anchor:
 * only the first goal applies. One client, one operation at a time, uncontended; the semaphore has {@value #PERMITS}
 * permits.
 */
final class PrimitivesBench {
    static final int PERMITS = 4;
    private static final int ROUNDS = 15;
    private static final double TARGET_READ_VS_LOCK = 0.9;
    private static final double TARGET_VS_ANCHOR = 1.1;

    private PrimitivesBench() {}

    /** What one anchor library adds to the rounds: its variants, by the primitive they stand for, and its clean-up. */
    interface Anchors extends AutoCloseable {
        /** Variants labelled for the table; {@link #kinds()} says which primitive each one is (read, write, permit). */
        List<Variant> variants();

        List<String> kinds();

        @Override
        void close();
    }

    static int run(String url, Duration duration, PrintStream out) throws InterruptedException {
        long started = System.nanoTime();
        BenchBudget budget = new BenchBudget(started, duration).phase(BenchRounds.ROUNDS_PHASE, 0.85);
        String scheme = ConnectionUrl.parse(url).scheme();
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String shown = ConnectionUrl.redact(url);
        out.printf(
                "tooz primitives benchmark on %s: read-write lock and semaphore against the plain lock and the anchors%n",
                shown);
        BenchOutput.benchmark(out, scheme, shown, "", budget);
        try (Coordinator c = Coordinator.builder(url).memberId("bench-" + tag).build();
                Anchors anchors = PrimitiveAnchors.of(url, tag)) {
            c.start();
            DistributedLock lock = c.getLock("bench-lock-" + tag);
            ReadWriteLock rw = c.getReadWriteLock("bench-rw-" + tag);
            DistributedSemaphore sem = c.getSemaphore("bench-sem-" + tag, PERMITS);
            List<Variant> variants = new ArrayList<>(List.of(
                    new Variant("tooz lock acquire() + release()", () -> lock.acquire()
                            .release()),
                    new Variant(
                            "tooz readLock acquire() + release()",
                            () -> rw.readLock().acquire().release()),
                    new Variant(
                            "tooz writeLock acquire() + release()",
                            () -> rw.writeLock().acquire().release()),
                    new Variant("tooz semaphore acquire() + release()", () -> sem.acquire()
                            .release())));
            variants.addAll(anchors.variants());
            BenchRounds.Table table =
                    BenchRounds.interleaved(out, variants, budget.nanos(BenchRounds.ROUNDS_PHASE), ROUNDS);
            double[] med = table.med();
            double[][] rates = table.rates();
            List<Boolean> verdicts = new ArrayList<>();
            verdicts.add(BenchRounds.ratio(out, "read lock:  ours/plain lock", med, rates, 1, 0, TARGET_READ_VS_LOCK));
            BenchRounds.ratio(out, "write lock: ours/plain lock", med, rates, 2, 0, Double.NaN);
            BenchRounds.ratio(out, "semaphore:  ours/plain lock", med, rates, 3, 0, Double.NaN);
            List<String> kinds = anchors.kinds();
            for (int a = 0; a < kinds.size(); a++) {
                int ours =
                        switch (kinds.get(a)) {
                            case "read" -> 1;
                            case "write" -> 2;
                            default -> 3;
                        };
                verdicts.add(BenchRounds.ratio(
                        out,
                        String.format(
                                "%-10s ours/%s",
                                kinds.get(a) + ":", anchors.variants().get(a).label()),
                        med,
                        rates,
                        ours,
                        4 + a,
                        TARGET_VS_ANCHOR));
            }
            BenchOutput.printGoals(
                    out,
                    verdicts,
                    String.format(
                            "read lock >= %.2fx plain lock; each primitive >= %.2fx its anchor",
                            TARGET_READ_VS_LOCK, TARGET_VS_ANCHOR),
                    budget);
            return 0;
        }
    }
}
