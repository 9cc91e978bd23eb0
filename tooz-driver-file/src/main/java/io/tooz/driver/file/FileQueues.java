package io.tooz.driver.file;

import io.tooz.LossReason;
import io.tooz.spi.DriverContext;
import io.tooz.spi.DriverLease;
import io.tooz.spi.DriverLockQueues;
import io.tooz.spi.LockId;
import io.tooz.spi.QueueEntry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Read-write locks and semaphores: a directory per queue, {@code D/.tooz/rwlocks/<sha1(name)>/} or {@code
 * D/.tooz/semaphores/<sha1(name)>/}, with a table of entries and a lock file per row ({@link QueueTable}). An entry
 * is made under the queue's lock: the counter in the table's header is incremented, a free row is taken by locking
 * its file (kept locked for as long as the entry lives: {@link EntryRow}), and the entry (sequence, tag, holder) is
 * written in it. Nothing is created or deleted once the rows exist: an uncontended acquire and release cost a few
 * system calls on files that stay open. The OS drops the locks of a dead process: a reader that can lock the file of
 * a row with an entry clears it. No TTL: entries live until released, broken or their process ends.
 */
final class FileQueues implements DriverLockQueues {
    private final FileStore store;
    private final DriverContext context;

    FileQueues(FileStore store, DriverContext context) {
        this.store = store;
        this.context = context;
    }

    /** The driver's reference to a listed entry: its row. */
    record RowRef(QueueTable table, int index) {}

    private static String what(LockId id) {
        return (id.kind() == LockId.Kind.SEMAPHORE ? "semaphore '" : "read-write lock '") + id.name() + "'";
    }

    private QueueTable table(FileLayout l, LockId id) {
        return QueueTable.of(l.queueDir(id));
    }

    @Override
    public Enqueued enqueue(LockId id, String holder, String tag) {
        return store.io("enqueue on " + what(id), l -> {
            QueueTable t = table(l, id);
            long sent = System.nanoTime();
            QueueTable.Snapshot[] before = new QueueTable.Snapshot[1];
            EntryRow e = t.locked(() -> {
                QueueTable.Snapshot s = t.read();
                before[0] = s;
                return make(t, s, holder, tag);
            });
            DriverLease lease = new DriverLease(id, e.sequence, e, sent);
            e.onBroken(() -> context.events().leaseLost(lease, LossReason.BROKEN));
            List<QueueEntry> entries = new ArrayList<>();
            for (QueueRows.Row r : before[0].entries()) {
                entries.add(entry(t, r));
            }
            entries.add(new QueueEntry(e.sequence, holder, tag, new RowRef(t, e.index)));
            entries.sort(Comparator.comparingLong(QueueEntry::sequence));
            return new Enqueued(lease, entries);
        });
    }

    /** Takes the next sequence number and the first free row, and writes the entry; under the queue's lock. */
    private static EntryRow make(QueueTable t, QueueTable.Snapshot s, String holder, String tag) throws IOException {
        long sequence = s.counter() + 1;
        EntryRow e = null;
        for (int k = 0; e == null; k++) {
            if (k > s.rows().length + 1000) {
                throw new IOException("no free row in the queue table " + t.file + ": every row file is locked");
            }
            if (s.row(k) == null) { // a row with an entry is not free even if its process died: a reader clears it
                e = EntryRow.claim(t, k, sequence);
            }
        }
        try {
            t.writeHeader(sequence); // first: a crash after it skips the number, never gives it twice
            t.writeRow(e.index, QueueRows.row(sequence, tag, holder));
            return e;
        } catch (IOException | RuntimeException ex) {
            e.abandon();
            throw ex;
        }
    }

    private static QueueEntry entry(QueueTable t, QueueRows.Row r) {
        return new QueueEntry(r.sequence(), r.holder(), r.tag(), new RowRef(t, r.index()));
    }

    @Override
    public List<QueueEntry> entries(LockId id) {
        return store.io("list the queue of " + what(id), l -> {
            QueueTable t = table(l, id);
            List<QueueEntry> out = new ArrayList<>();
            for (QueueRows.Row r : t.read().entries()) {
                if (liveRow(t, r)) {
                    out.add(entry(t, r));
                }
            }
            out.sort(Comparator.comparingLong(QueueEntry::sequence));
            return out;
        });
    }

    /** Whether a listed row's entry lives: this JVM's, or held by another process; cleared if its process died. */
    private static boolean liveRow(QueueTable t, QueueRows.Row r) throws IOException {
        EntryRow mine = EntryRow.ours(t, r.index());
        if (mine != null) {
            return mine.sequence == r.sequence();
        }
        return EntryRow.heldElsewhere(t, r.index(), () -> EntryRow.clearIfStill(t, r.index(), r.sequence()))
                .orElse(true);
    }

    @Override
    public AutoCloseable watchRemoval(LockId id, QueueEntry entry, Runnable removed) {
        RowRef row = (RowRef) entry.handle();
        return store.io(
                "watch the queue of " + what(id),
                l -> FileNotices.JVM.onRemoval(
                        row.table().file,
                        thorough -> thorough
                                ? !EntryRow.alive(row.table(), row.index(), entry.sequence())
                                : !EntryRow.listed(row.table(), row.index(), entry.sequence()),
                        context.scheduler(),
                        removed));
    }

    @Override
    public boolean forceBreak(LockId id) {
        return store.io("break " + what(id), l -> {
            QueueTable t = table(l, id);
            boolean any = t.locked(() -> {
                boolean found = false;
                for (QueueRows.Row r : t.read().entries()) {
                    EntryRow mine = EntryRow.ours(t, r.index());
                    if (mine != null && mine.sequence == r.sequence()) {
                        found |= mine.breakHere(); // released, and its holder told
                    } else {
                        t.clearRow(r.index()); // another process's: its holder notices at its next refresh
                        found = true;
                    }
                }
                return found;
            });
            FileNotices.JVM.touched(t.file);
            return any;
        });
    }

    @Override
    public boolean release(DriverLease lease) {
        EntryRow e = (EntryRow) lease.handle();
        return store.io("release " + what(lease.id()), l -> e.release());
    }

    @Override
    public boolean isStillOwner(DriverLease lease) {
        EntryRow e = (EntryRow) lease.handle();
        return store.io("check " + what(lease.id()), l -> e.isStillHeld());
    }

    @Override
    public Set<DriverLease> refresh(Collection<DriverLease> leases) {
        Set<DriverLease> lost = new HashSet<>();
        for (DriverLease lease : leases) {
            EntryRow e = (EntryRow) lease.handle();
            if (!store.io("check " + what(lease.id()), l -> e.isStillHeld())) {
                lost.add(lease);
                store.io("drop " + what(lease.id()), l -> e.abandon());
            }
        }
        return lost;
    }

    /** Hears at once that another process broke the entry (cleared its row). */
    @Override
    public void watchLoss(DriverLease lease) {
        EntryRow e = (EntryRow) lease.handle();
        e.lossWatch(store.io(
                "watch " + what(lease.id()),
                l -> FileNotices.JVM.onRemoval(
                        e.table.file, thorough -> e.isHeld() && !e.isStillHeld(), context.scheduler(), () -> {
                            try {
                                if (e.abandon()) {
                                    context.events().leaseLost(lease, LossReason.BROKEN);
                                }
                            } catch (IOException ex) {
                                context.events().leaseLost(lease, LossReason.BROKEN); // its row is gone all the same
                            }
                        })));
    }

    /** Drops every entry the coordinator holds, as its process's death would, telling the core why. */
    void abandonAll(LossReason reason) {
        for (DriverLease lease : context.heldQueueEntries()) {
            if (store.io("drop " + what(lease.id()), l -> ((EntryRow) lease.handle()).abandon())) {
                context.events().leaseLost(lease, reason);
            }
        }
    }
}
