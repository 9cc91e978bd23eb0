package io.tooz.driver.file;

import io.tooz.LossReason;
import io.tooz.spi.DriverContext;
import io.tooz.spi.DriverLease;
import io.tooz.spi.DriverLockQueues;
import io.tooz.spi.LockId;
import io.tooz.spi.QueueEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Read-write locks and semaphores as a directory per queue, {@code D/.tooz/rwlocks/<sha1(name)>/} or {@code
 * D/.tooz/semaphores/<sha1(name)>/}: each entry is a file {@code <sequence, 20 digits>.<tag>} holding its holder's member
 * id, which its process keeps POSIX-locked for as long as the entry lives ({@link EntryFile}); sequence numbers come
 * from the queue's counter ({@link QueueCounter}). The OS drops the locks of a dead process: a reader that can lock an
 * entry deletes it. Entries live until released, broken or their process ends: no TTL. Waiters hear of deletions
 * through inotify and of dead processes through a probe every {@value FileNotices#TICK_MS} ms ({@link FileNotices}).
 */
final class FileQueues implements DriverLockQueues {
    private static final Set<WatchEvent.Kind<?>> DELETES = Set.of(StandardWatchEventKinds.ENTRY_DELETE);

    private final FileStore store;
    private final DriverContext context;

    FileQueues(FileStore store, DriverContext context) {
        this.store = store;
        this.context = context;
    }

    private static String what(LockId id) {
        return (id.kind() == LockId.Kind.SEMAPHORE ? "semaphore '" : "read-write lock '") + id.name() + "'";
    }

    @Override
    public Enqueued enqueue(LockId id, String holder, String tag) {
        return store.io("enqueue on " + what(id), l -> {
            Path dir = l.queueDir(id);
            long sent = System.nanoTime();
            EntryFile e = QueueCounter.next(dir, holder, seq -> EntryFile.create(dir, seq, tag, holder));
            DriverLease lease = new DriverLease(id, e.sequence, e, sent);
            e.onBroken(() -> context.events().leaseLost(lease, LossReason.BROKEN));
            try {
                return new Enqueued(lease, list(dir));
            } catch (IOException | RuntimeException ex) {
                e.release();
                throw ex;
            }
        });
    }

    @Override
    public List<QueueEntry> entries(LockId id) {
        return store.io("list the queue of " + what(id), l -> list(l.queueDir(id)));
    }

    /** The live entries, by sequence; deletes those whose process died. */
    private static List<QueueEntry> list(Path dir) throws IOException {
        List<Path> files = FileIo.list(dir);
        List<EntryFile.Name> names = new ArrayList<>();
        for (Path f : files == null ? List.<Path>of() : files) {
            EntryFile.Name n = EntryFile.parse(f);
            if (n != null) {
                names.add(n);
            }
        }
        names.sort(Comparator.comparingLong(EntryFile.Name::sequence));
        List<QueueEntry> out = new ArrayList<>(names.size());
        for (EntryFile.Name n : names) {
            Optional<String> holder = EntryFile.liveHolder(n.path());
            if (holder.isPresent()) {
                out.add(new QueueEntry(n.sequence(), holder.get(), n.tag(), n.path()));
            }
        }
        return out;
    }

    @Override
    public AutoCloseable watchRemoval(LockId id, QueueEntry entry, Runnable removed) {
        Path path = (Path) entry.handle();
        return store.io(
                "watch the queue of " + what(id),
                l -> FileNotices.JVM.watch(
                        path, path, DELETES, () -> !EntryFile.alive(path), true, context.scheduler(), removed));
    }

    @Override
    public boolean forceBreak(LockId id) {
        return store.io("break " + what(id), l -> {
            List<Path> files = FileIo.list(l.queueDir(id));
            boolean any = false;
            for (Path f : files == null ? List.<Path>of() : files) {
                if (EntryFile.parse(f) != null) {
                    EntryFile mine = EntryFile.ours(f);
                    // this JVM's: released and told; another process's: unlinked, its holder notices at its refresh
                    any |= mine != null ? mine.breakHere() : Files.deleteIfExists(f);
                }
            }
            return any;
        });
    }

    @Override
    public boolean release(DriverLease lease) {
        EntryFile e = (EntryFile) lease.handle();
        return store.io("release " + what(lease.id()), l -> e.release());
    }

    @Override
    public boolean isStillOwner(DriverLease lease) {
        EntryFile e = (EntryFile) lease.handle();
        return store.io("check " + what(lease.id()), l -> e.isStillHeld());
    }

    @Override
    public Set<DriverLease> refresh(Collection<DriverLease> leases) {
        Set<DriverLease> lost = new HashSet<>();
        for (DriverLease lease : leases) {
            EntryFile e = (EntryFile) lease.handle();
            if (!store.io("check " + what(lease.id()), l -> e.isStillHeld())) {
                lost.add(lease);
                store.io("drop " + what(lease.id()), l -> e.abandon());
            }
        }
        return lost;
    }

    /** Hears at once that another process broke the entry (deleted its file). */
    @Override
    public void watchLoss(DriverLease lease) {
        EntryFile e = (EntryFile) lease.handle();
        Runnable check = () -> {
            try {
                if (e.isHeld() && !Files.exists(e.path) && e.abandon()) {
                    context.events().leaseLost(lease, LossReason.BROKEN);
                }
            } catch (IOException ex) {
                context.events().leaseLost(lease, LossReason.BROKEN); // its file is gone all the same
            }
        };
        e.lossWatch(store.io(
                "watch " + what(lease.id()),
                l -> FileNotices.JVM.watch(
                        e.path,
                        e.path,
                        DELETES,
                        () -> e.isHeld() && !Files.exists(e.path),
                        true,
                        context.scheduler(),
                        check)));
    }

    /** Drops every entry the coordinator holds, as its process's death would, telling the core why. */
    void abandonAll(LossReason reason) {
        for (DriverLease lease : context.heldLeases()) {
            if (lease.id().queued()
                    && store.io("drop " + what(lease.id()), l -> ((EntryFile) lease.handle()).abandon())) {
                context.events().leaseLost(lease, reason);
            }
        }
    }
}
