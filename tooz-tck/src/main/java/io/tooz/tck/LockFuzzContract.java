package io.tooz.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.tooz.Coordinator;
import io.tooz.DistributedLock;
import io.tooz.Feature;
import io.tooz.LockLease;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Locks under contention (ShedLock's {@code FuzzTester}): three coordinators × three threads each increment a plain,
 * unsynchronised counter under the lock. Any overlap of holders loses an increment, and the fencing tokens, recorded
 * inside the critical section in acquisition order, must strictly increase.
 */
@Needs(features = Feature.LOCKS)
public interface LockFuzzContract extends ContractSupport {

    /** Iterations per thread; 3 × 3 threads run this many each. */
    default int fuzzIterations() {
        return 25;
    }

    /** The unsynchronised state the lock protects. */
    final class SharedResource {
        private SharedResource() {}

        int counter;
        final List<Long> tokens = new ArrayList<>();
        long highestToken = Long.MIN_VALUE;
        final List<String> violations = new ArrayList<>();

        void write(long token, int value) {
            if (token <= highestToken) {
                violations.add("token " + token + " after " + highestToken);
            }
            highestToken = token;
            tokens.add(token);
            counter = value;
        }
    }

    @Test
    default void contendedCounterLosesNoIncrementAndTokensIncrease() throws Exception {
        int coordinators = 3;
        int threadsPerCoordinator = 3;
        int iterations = fuzzIterations();
        String name = randomLockName();
        SharedResource resource = new SharedResource();
        ExecutorService pool = Executors.newFixedThreadPool(coordinators * threadsPerCoordinator);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int i = 0; i < coordinators; i++) {
                Coordinator c = newCoordinator();
                for (int t = 0; t < threadsPerCoordinator; t++) {
                    DistributedLock lock = c.getLock(name);
                    workers.add(pool.submit(() -> {
                        for (int n = 0; n < iterations; n++) {
                            try (LockLease lease = lock.acquire(Duration.ofSeconds(30))) {
                                int read = resource.counter;
                                Thread.sleep(1);
                                resource.write(lease.fencingToken(), read + 1);
                            }
                        }
                        return null;
                    }));
                }
            }
            for (Future<?> w : workers) {
                w.get(50, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        synchronized (resource) {
            int total = coordinators * threadsPerCoordinator * iterations;
            assertThat(resource.violations).isEmpty();
            assertThat(resource.counter).isEqualTo(total);
            assertThat(resource.tokens).hasSize(total).isSorted().doesNotHaveDuplicates();
        }
    }
}
