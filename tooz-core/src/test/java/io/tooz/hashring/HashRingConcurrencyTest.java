package io.tooz.hashring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Smoke test: lookups running while a writer adds and removes nodes never fail and never see a torn ring. */
class HashRingConcurrencyTest {

    @Test
    void readersDuringWrites() throws Exception {
        List<String> base = IntStream.range(0, 10).mapToObj(i -> "base-" + i).collect(Collectors.toList());
        HashRing ring = HashRing.of(base);
        HashRing reference = HashRing.of(base);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong lookups = new AtomicLong();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        int readers = 3;
        CountDownLatch started = new CountDownLatch(readers);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < readers; t++) {
            int seed = t;
            threads.add(new Thread(() -> {
                started.countDown();
                int i = seed;
                try {
                    while (!stop.get()) {
                        String key = "key-" + (i++ % 5000);
                        Set<String> got = ring.getNodes(key, Set.of("base-0"), 3);
                        // The writer keeps at most one extra node on the ring at any time.
                        long extras =
                                got.stream().filter(n -> n.startsWith("extra-")).count();
                        assertThat(got).hasSize(3).doesNotContain("base-0");
                        assertThat(extras).isLessThanOrEqualTo(1);
                        assertThat(got).allMatch(n -> n.startsWith("base-") || n.startsWith("extra-"));
                        lookups.incrementAndGet();
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
        }
        threads.forEach(Thread::start);
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1500);
        int writes = 0;
        while (System.nanoTime() < deadline) {
            String extra = "extra-" + writes;
            ring.addNode(extra, 1 + writes % 3);
            assertThat(ring.nodes()).containsKey(extra);
            ring.removeNode(extra);
            writes++;
        }
        stop.set(true);
        for (Thread t : threads) {
            t.join(10_000);
        }
        assertThat(failures).isEmpty();
        assertThat(lookups.get()).isPositive();
        assertThat(writes).isPositive();
        // Nothing left behind: the ring is again exactly the base ring.
        assertThat(ring.size()).isEqualTo(32 * 10);
        assertThat(ring.nodes()).isEqualTo(reference.nodes());
        for (int i = 0; i < 5000; i++) {
            assertThat(ring.getNodes("key-" + i, null, 3))
                    .containsExactlyElementsOf(reference.getNodes("key-" + i, null, 3));
        }
    }
}
