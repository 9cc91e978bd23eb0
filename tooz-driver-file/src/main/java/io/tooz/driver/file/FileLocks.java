package io.tooz.driver.file;

import io.tooz.LossReason;
import io.tooz.spi.DriverContext;
import io.tooz.spi.DriverLease;
import io.tooz.spi.DriverLocks;
import io.tooz.spi.LockId;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Locks on {@code D/<name>} (leaders on {@code D/.tooz/leaders/<sha1(group)>}) with POSIX record locks. Fencing
 * tokens come from the counter file {@code D/.tooz/fences/<sha1(lock path relative to D)>} (format in {@link
 * FenceFile}: a fixed-width, CRC-checked token line and a holder part, rewritten in place by one positional write),
 * incremented by each holder while it holds the lock (Python holders do not count); the holder's member id is blanked
 * on release by one positional write of the holder part only, so that a Python holder that follows is not named. The
 * counter is not in the lock file, so it survives a break. Breaking: a holder in this JVM is released and told; one in
 * another process cannot be unlocked, so its lock file is unlinked and the next acquirer locks a new file (the old
 * holder sees its lease lost at its next heartbeat).
 */
final class FileLocks implements DriverLocks {
    private final FileStore store;
    private final DriverContext context;

    FileLocks(FileStore store, DriverContext context) {
        this.store = store;
        this.context = context;
    }

    /** The driver's bookkeeping of one grant: the counter's channel is the one the token was written with. */
    private record Holding(PosixLock lock, Path fence, FileChannel fenceChannel, int holderBytes) {}

    @Override
    public Optional<DriverLease> acquire(LockId id, String holder, long timeoutNanos) {
        long deadline = Deadlines.after(timeoutNanos);
        return store.io("acquire lock", id, l -> {
            Path file = l.lockFile(id);
            Optional<PosixLock> got = PosixLock.acquire(file, deadline, store);
            if (got.isEmpty()) {
                return Optional.empty();
            }
            PosixLock lock = got.get();
            try {
                KeptChannels kept = lock.kept();
                Path fence = kept.fencePath != null
                                && kept.fencePath.getParent().equals(l.fences)
                        ? kept.fencePath // the lock file's counter, as l.fenceFile(file) says (without its SHA-1)
                        : l.fenceFile(file);
                FileChannel ch = fenceChannel(kept, fence);
                long[] written = FenceFile.advance(ch, fence, 1, holder);
                long token = written[0];
                DriverLease lease = new DriverLease(id, token, new Holding(lock, fence, ch, (int) written[1]));
                lock.onBroken(() -> context.events().leaseLost(lease, LossReason.BROKEN));
                return Optional.of(lease);
            } catch (IOException | RuntimeException e) {
                lock.release();
                throw e;
            }
        });
    }

    /**
     * The counter's kept channel if the path still names the file it was opened on (one {@code stat}); otherwise it
     * is opened (created if missing) and kept. Its identity is taken before the open, so a channel is never kept with
     * the identity of a file newer than its own: a counter deleted meanwhile is found out at the next acquire.
     */
    private static FileChannel fenceChannel(KeptChannels kept, Path fence) throws IOException {
        Object key = PosixLock.keyOf(fence);
        FileChannel ch = kept.fenceOn(fence, key);
        if (ch != null) {
            return ch;
        }
        kept.closeFence();
        ch = FenceFile.openForWrite(fence);
        kept.fence = ch;
        kept.fencePath = fence;
        kept.fenceKey = key; // null if it was missing: opened again next time, with an identity then
        return ch;
    }

    @Override
    public boolean release(DriverLease lease) {
        Holding h = (Holding) lease.handle();
        return store.io("release lock", lease.id(), l -> {
            if (!h.lock().isStillHeld()) {
                h.lock().release();
                return false;
            }
            FenceFile.clearHolder(h.fenceChannel(), h.fence(), lease.fencingToken(), h.holderBytes());
            return h.lock().release();
        });
    }

    @Override
    public boolean isStillOwner(DriverLease lease) {
        Holding h = (Holding) lease.handle();
        return store.io("check lock", lease.id(), l -> h.lock().isStillHeld());
    }

    @Override
    public Optional<String> holder(LockId id) {
        return store.io("read the holder of lock '" + id.name() + "'", l -> {
            Path file = l.lockFile(id);
            boolean taken = PosixLock.heldHere(file).isPresent()
                    || PosixLock.heldElsewhere(file).orElse(true);
            if (!taken) {
                return Optional.empty();
            }
            try {
                return Optional.ofNullable(FenceFile.read(l.fenceFile(file)).holder());
            } catch (FenceFile.CorruptException corrupt) {
                return Optional.empty(); // a corrupt counter names nobody; acquire and lastFencingToken report it
            }
        });
    }

    @Override
    public OptionalLong lastFencingToken(LockId id) {
        return store.io("read the fencing token of lock '" + id.name() + "'", l -> {
            long t = FenceFile.read(l.fenceFile(l.lockFile(id))).token();
            return t == 0 ? OptionalLong.empty() : OptionalLong.of(t);
        });
    }

    @Override
    public Set<DriverLease> refresh(Collection<DriverLease> leases) {
        Set<DriverLease> lost = new HashSet<>();
        for (DriverLease lease : leases) {
            PosixLock lock = ((Holding) lease.handle()).lock();
            boolean ok = store.io("check lock", lease.id(), l -> lock.isStillHeld());
            if (!ok) {
                lost.add(lease);
                store.io("drop lock '" + lease.id().name() + "'", l -> lock.release());
            }
        }
        return lost;
    }

    @Override
    public boolean forceBreak(LockId id) {
        return store.io("break lock '" + id.name() + "'", l -> {
            Path file = l.lockFile(id);
            while (true) {
                Object owner = Gate.of(file).owner();
                if (owner instanceof PosixLock mine) {
                    // held here: release it; still acquiring here: another process holds it, so unlink the file
                    return mine.isHeld() ? mine.breakHere() : Files.deleteIfExists(file);
                }
                Optional<Boolean> elsewhere = PosixLock.heldElsewhere(file);
                if (elsewhere.isPresent()) {
                    return elsewhere.get() && Files.deleteIfExists(file);
                }
                Thread.onSpinWait(); // someone of this JVM is probing: look again
            }
        });
    }

    /**
     * Calls {@code changed} when the lock is granted or released in this JVM (at once), when a Java holder of another
     * process writes the fencing counter (inotify), and when a probe every {@value FileNotices#TICK_MS} ms finds the
     * lock's state or token changed (a Python holder, a dead process, a release whose counter write came before its
     * unlock).
     */
    @Override
    public AutoCloseable watchHolder(LockId id, Runnable changed) {
        return store.io("watch lock '" + id.name() + "'", l -> {
            Path file = l.lockFile(id);
            Path fence = l.fenceFile(file);
            Files.createDirectories(fence.getParent());
            return FileNotices.JVM.onChange(file, fence, new HolderProbe(file, fence), context.scheduler(), changed);
        });
    }

    /** The lock's state as a probe sees it: held here (by whom), held elsewhere, free; and the counter's token. */
    private static final class HolderProbe implements FileNotices.Probe {
        private final Path file;
        private final Path fence;
        private Object last;

        HolderProbe(Path file, Path fence) {
            this.file = file;
            this.fence = fence;
        }

        @Override
        public synchronized boolean changed(boolean thorough) throws IOException {
            Object here = PosixLock.heldHere(file).orElse(null);
            Optional<Boolean> elsewhere = here != null ? Optional.of(false) : PosixLock.heldElsewhere(file);
            if (elsewhere.isEmpty()) {
                return false; // someone of this JVM is acquiring or probing it: told when it is granted
            }
            long token;
            try {
                token = FenceFile.read(fence).token();
            } catch (FenceFile.CorruptException e) {
                token = -1;
            }
            List<Object> now = Arrays.asList(here, elsewhere.get(), token);
            boolean changed = last != null && !last.equals(now);
            last = now;
            return changed;
        }
    }

    /** Releases every grant the coordinator holds, telling the core why (a simulated expiry). */
    void releaseAll(LossReason reason) {
        for (DriverLease lease : context.heldLeases()) {
            PosixLock lock = ((Holding) lease.handle()).lock();
            if (store.io("release lock '" + lease.id().name() + "'", l -> lock.release()) && reason != null) {
                context.events().leaseLost(lease, reason);
            }
        }
    }
}
