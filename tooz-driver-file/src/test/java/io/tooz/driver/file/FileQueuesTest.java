package io.tooz.driver.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tooz.Coordinator;
import io.tooz.driver.file.FileQueues.RowRef;
import io.tooz.internal.hooks.CoreHooks;
import io.tooz.spi.DriverLease;
import io.tooz.spi.DriverLockQueues.Enqueued;
import io.tooz.spi.LockId;
import io.tooz.spi.QueueEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The queue facet on a real directory, called directly: sequences, listing, release, break, refresh, the death of a
 * process holding an entry, and the pushes (watchRemoval, watchLoss). Several coordinators share this
 * JVM, as in the TCK.
 */
@Timeout(60)
class FileQueuesTest {
    private static final LockId RW = LockId.readWrite("rw");
    private static final Duration SOON = Duration.ofSeconds(5);

    private final Path dir = TempDirs.create("tooz-file-queues");
    private final String url = "file://" + dir;
    private final List<Coordinator> coordinators = new ArrayList<>();
    private final List<Made> made = Collections.synchronizedList(new ArrayList<>());

    private record Made(FileQueues queues, DriverLease lease) {}

    @AfterEach
    void stop() throws Exception {
        for (Made m : made) {
            m.queues().release(m.lease());
        }
        coordinators.forEach(Coordinator::close);
        TempDirs.remove(dir);
    }

    private Coordinator coordinator(String member) {
        Coordinator c = Coordinator.builder(url).memberId(member).build();
        c.start();
        coordinators.add(c);
        return c;
    }

    private FileQueues queues(String member) {
        return (FileQueues) CoreHooks.driver(coordinator(member)).facets().lockQueues();
    }

    private Enqueued enqueue(FileQueues q, LockId id, String holder, String tag) {
        Enqueued e = q.enqueue(id, holder, tag);
        made.add(new Made(q, e.lease()));
        return e;
    }

    private static List<Long> sequences(List<QueueEntry> entries) {
        return entries.stream().map(QueueEntry::sequence).toList();
    }

    @Test
    void entriesAreListedInSequenceOrderWithTheirHolderAndTag() {
        FileQueues a = queues("a");
        FileQueues b = queues("b");
        Enqueued first = enqueue(a, RW, "a", "write");
        assertThat(first.entries()).hasSize(1);
        assertThat(first.entries().get(0))
                .extracting(QueueEntry::sequence, QueueEntry::holder, QueueEntry::tag)
                .containsExactly(first.lease().fencingToken(), "a", "write");

        Enqueued second = enqueue(b, RW, "b-ü/日", "read");
        assertThat(second.lease().fencingToken()).isGreaterThan(first.lease().fencingToken());
        assertThat(second.entries())
                .extracting(QueueEntry::holder, QueueEntry::tag)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("a", "write"),
                        org.assertj.core.groups.Tuple.tuple("b-ü/日", "read"));
        assertThat(sequences(a.entries(RW))).isEqualTo(sequences(second.entries()));

        // another kind with the same name is another queue
        Enqueued sem = enqueue(a, LockId.semaphore("rw"), "a", "permits:3");
        assertThat(sem.entries()).extracting(QueueEntry::tag).containsExactly("permits:3");
        assertThat(b.entries(LockId.readWrite("never-used"))).isEmpty();
    }

    @Test
    void sequencesNeverRepeatAfterTheQueueEmptiesOrIsBroken() {
        FileQueues a = queues("a");
        long last = 0;
        for (int i = 0; i < 3; i++) {
            Enqueued e = a.enqueue(RW, "a", "write");
            assertThat(e.lease().fencingToken()).isGreaterThan(last);
            last = e.lease().fencingToken();
            assertThat(a.release(e.lease())).isTrue();
            assertThat(a.entries(RW)).isEmpty();
        }
        a.enqueue(RW, "a", "read");
        assertThat(a.forceBreak(RW)).isTrue();
        assertThat(a.entries(RW)).isEmpty();
        FileQueues fresh = queues("fresh"); // another driver, same directory
        assertThat(enqueue(fresh, RW, "fresh", "read").lease().fencingToken()).isEqualTo(last + 2);
    }

    @Test
    void concurrentEnqueuesOfManyCoordinatorsGetDistinctSequencesInOrder() throws Exception {
        List<FileQueues> qs = List.of(queues("a"), queues("b"), queues("c"));
        LockId sem = LockId.semaphore("busy");
        Set<Long> seen = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                FileQueues q = qs.get(t % qs.size());
                String holder = "m" + t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 20; i++) {
                        Enqueued e = enqueue(q, sem, holder, "permits:2");
                        long mine = e.lease().fencingToken();
                        assertThat(seen.add(mine)).isTrue();
                        List<Long> listed = sequences(e.entries());
                        assertThat(listed).contains(mine).isSorted().doesNotHaveDuplicates();
                        if (i % 2 == 0) {
                            assertThat(q.release(e.lease())).isTrue();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(seen).hasSize(120);
        assertThat(qs.get(0).entries(sem)).hasSize(60);
    }

    @Test
    void releaseDeletesTheEntryOnce() {
        FileQueues a = queues("a");
        Enqueued e = enqueue(a, RW, "a", "read");
        assertThat(a.isStillOwner(e.lease())).isTrue();
        assertThat(a.release(e.lease())).isTrue();
        assertThat(a.isStillOwner(e.lease())).isFalse();
        assertThat(a.release(e.lease())).isFalse();
        assertThat(a.entries(RW)).isEmpty();
        assertThat(a.refresh(List.of())).isEmpty();
    }

    @Test
    void refreshReportsTheEntriesAnotherProcessBroke() throws Exception {
        FileQueues a = queues("a");
        Enqueued kept = enqueue(a, RW, "a", "read");
        Enqueued broken = enqueue(a, RW, "a", "read");
        clear(entry(broken)); // what another process's forceBreak does
        assertThat(a.refresh(List.of(kept.lease(), broken.lease()))).containsExactly(broken.lease());
        assertThat(a.isStillOwner(broken.lease())).isFalse();
        assertThat(a.isStillOwner(kept.lease())).isTrue();
        assertThat(a.entries(RW))
                .extracting(QueueEntry::sequence)
                .containsExactly(kept.lease().fencingToken());
    }

    @Test
    void forceBreakRemovesEveryEntryOfTheQueueOnly() {
        FileQueues a = queues("a");
        FileQueues b = queues("b");
        Enqueued e1 = enqueue(a, RW, "a", "write");
        Enqueued e2 = enqueue(b, RW, "b", "read");
        Enqueued other = enqueue(a, LockId.readWrite("other"), "a", "write");
        assertThat(b.forceBreak(RW)).isTrue();
        assertThat(a.entries(RW)).isEmpty();
        assertThat(a.isStillOwner(e1.lease())).isFalse();
        assertThat(b.isStillOwner(e2.lease())).isFalse();
        assertThat(a.isStillOwner(other.lease())).isTrue();
        assertThat(a.forceBreak(RW)).isFalse();
    }

    @Test
    void anEntryWhoseProcessDiedIsDroppedAndItsWatchersTold() throws Exception {
        FileQueues a = queues("a");
        Enqueued mine = enqueue(a, RW, "a", "read");
        QueueMember.Started child = QueueMember.start(url, "child", RW, "write");
        try {
            assertThat(child.sequence()).isGreaterThan(mine.lease().fencingToken());
            List<QueueEntry> listed = a.entries(RW);
            assertThat(listed).extracting(QueueEntry::holder).containsExactly("a", "child");
            FileQueues waiter = queues("w");
            Enqueued behind = enqueue(waiter, RW, "w", "read");
            CountDownLatch removed = new CountDownLatch(1);
            try (AutoCloseable w = waiter.watchRemoval(RW, listed.get(1), removed::countDown)) {
                assertThat(removed.getCount()).isEqualTo(1);
                child.process().destroyForcibly().waitFor();
                assertThat(removed.await(5, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(a.entries(RW)).extracting(QueueEntry::holder).containsExactly("a", "w");
            RowRef dead = (RowRef) listed.get(1).handle();
            assertThat(dead.table().readRow(dead.index())).isNull();
            assertThat(enqueue(a, RW, "a", "read").lease().fencingToken())
                    .isGreaterThan(behind.lease().fencingToken());
        } finally {
            child.process().destroyForcibly();
        }
    }

    @Test
    void watchRemovalFiresOnReleaseOnDeletionOnAbandonAndWhenAlreadyGone() throws Exception {
        FileQueues a = queues("a");
        FileQueues b = queues("b");
        Enqueued waiting = enqueue(b, RW, "b", "write");

        Enqueued released = enqueue(a, RW, "a", "read");
        assertThat(firesWhen(b, released, () -> a.release(released.lease()))).isTrue();

        Enqueued broken = enqueue(a, RW, "a", "read"); // by another process's break: only inotify tells
        assertThat(firesWhen(b, broken, () -> clear(entry(broken)))).isTrue();

        Enqueued abandoned = enqueue(a, RW, "a", "read"); // as if its process died
        assertThat(firesWhen(b, abandoned, () -> ((EntryRow) abandoned.lease().handle()).abandon()))
                .isTrue();

        CountDownLatch gone = new CountDownLatch(1);
        try (AutoCloseable w = b.watchRemoval(RW, entry(released), gone::countDown)) {
            assertThat(gone.await(5, TimeUnit.SECONDS)).isTrue();
        }

        Enqueued kept = enqueue(a, RW, "a", "read");
        CountDownLatch quiet = new CountDownLatch(1);
        try (AutoCloseable w = b.watchRemoval(RW, entry(kept), quiet::countDown)) {
            assertThat(quiet.await(3 * FileNotices.TICK_MS, TimeUnit.MILLISECONDS))
                    .isFalse();
        }
        assertThat(b.isStillOwner(waiting.lease())).isTrue();
    }

    private interface Action {
        void run() throws Exception;
    }

    private static boolean firesWhen(FileQueues watcher, Enqueued e, Action action) throws Exception {
        CountDownLatch removed = new CountDownLatch(1);
        try (AutoCloseable w = watcher.watchRemoval(RW, entry(e), removed::countDown)) {
            assertThat(removed.getCount()).as("fired before the removal").isEqualTo(1);
            action.run();
            return removed.await(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void ipcHasTheSameQueuesInSharedMemory() throws Exception {
        String name = "queues-test-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        Path shm = FileDriverProvider.IPC_BASE.resolve("tooz-ipc-" + name);
        try (Coordinator c = Coordinator.builder("ipc://" + name).memberId("a").build()) {
            c.start();
            FileQueues q = (FileQueues) CoreHooks.driver(c).facets().lockQueues();
            Enqueued first = q.enqueue(RW, "a", "write");
            Enqueued second = q.enqueue(RW, "a", "read");
            assertThat(second.entries()).extracting(QueueEntry::tag).containsExactly("write", "read");
            assertThat(q.release(first.lease())).isTrue();
            assertThat(q.release(second.lease())).isTrue();
            assertThat(q.entries(RW)).isEmpty();
            assertThat(((RowRef) entry(first).handle()).table().file).startsWith(shm);
        } finally {
            TempDirs.remove(shm);
        }
    }

    @Test
    void rowsAreReusedSoTheTableDoesNotGrow() throws Exception {
        FileQueues a = queues("a");
        for (int i = 0; i < 50; i++) {
            Enqueued first = a.enqueue(RW, "a", "read");
            Enqueued second = a.enqueue(RW, "a", "read");
            a.release(first.lease());
            a.release(second.lease());
        }
        RowRef row = (RowRef) entry(enqueue(a, RW, "a", "read")).handle();
        assertThat(Files.size(row.table().file)).isEqualTo(3L * QueueRows.SIZE);
        assertThat(row.index()).isZero();
    }

    @Test
    void watchLossDropsAnEntryAnotherProcessBroke() throws Exception {
        FileQueues a = queues("a");
        Enqueued e = enqueue(a, RW, "a", "write");
        a.watchLoss(e.lease());
        clear(entry(e));
        EntryRow row = (EntryRow) e.lease().handle();
        await().atMost(SOON).until(() -> !row.isHeld());
        assertThat(a.release(e.lease())).isFalse();
    }

    private static QueueEntry entry(Enqueued e) {
        return e.entries().stream()
                .filter(q -> q.sequence() == e.lease().fencingToken())
                .findFirst()
                .orElseThrow();
    }

    /** Clears an entry's row, as a break from another process does. */
    private static void clear(QueueEntry e) throws Exception {
        RowRef row = (RowRef) e.handle();
        row.table().clearRow(row.index());
    }
}
