package io.tooz;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** asJavaLock over the modes of a read-write lock, on memory://: readers share, a writer excludes. */
class ReadWriteJavaLockTest {
    private final String url = "memory://rw-java-" + UUID.randomUUID();

    @Test
    void readingThreadsOfOneCoordinatorHoldTogetherAndExcludeAWriter() throws Exception {
        try (Coordinator a = Coordinator.builder(url).build();
                Coordinator b = Coordinator.builder(url).build()) {
            a.start();
            b.start();
            JavaLock read = a.getReadWriteLock("rw").readLock().asJavaLock();
            JavaLock write = b.getReadWriteLock("rw").writeLock().asJavaLock();
            assertThat(a.getReadWriteLock("rw").readLock().asJavaLock().holdCount())
                    .isZero();
            read.lock();
            read.lock();
            assertThat(read.holdCount()).isEqualTo(2);
            CountDownLatch otherHolds = new CountDownLatch(1);
            CountDownLatch done = new CountDownLatch(1);
            CompletableFuture<Long> otherReader = CompletableFuture.supplyAsync(() -> {
                read.lock(); // a second reader of the same coordinator does not wait for the first
                try {
                    otherHolds.countDown();
                    done.await();
                    return read.lease().orElseThrow().fencingToken();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                } finally {
                    read.unlock();
                }
            });
            assertThat(otherHolds.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(write.tryLock()).as("readers hold").isFalse();
            long firstToken = read.lease().orElseThrow().fencingToken();
            done.countDown();
            assertThat(otherReader.get(5, TimeUnit.SECONDS)).isNotEqualTo(firstToken);
            read.unlock();
            assertThat(write.tryLock()).as("one reader left").isFalse();
            read.unlock();
            assertThat(write.tryLock(5, TimeUnit.SECONDS)).isTrue();
            assertThat(write.lease().orElseThrow().fencingToken()).isGreaterThan(firstToken);
            assertThat(read.tryLock()).as("the writer holds").isFalse();
            write.unlock();
        }
    }
}
