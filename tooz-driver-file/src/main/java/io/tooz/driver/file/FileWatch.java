package io.tooz.driver.file;

import io.tooz.GroupNotCreatedException;
import io.tooz.spi.DriverWatch;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches group directories with the file system's notifications (inotify on Linux): a member file created or
 * deleted (a join or leave, by Java or Python) wakes one thread, which re-reads the watched groups; it also re-reads
 * them every {@code watch_check_interval}, since an expiry changes no file.
 */
final class FileWatch implements DriverWatch {
    private static final Logger LOG = LoggerFactory.getLogger(FileWatch.class);

    private final FileStore store;
    private final FileGroups groups;
    private final Duration interval;
    private final Map<Watch, Boolean> watches = new ConcurrentHashMap<>();
    private WatchService service;
    private Thread thread;
    private volatile boolean closed;

    FileWatch(FileStore store, FileGroups groups, Duration interval) {
        this.store = store;
        this.groups = groups;
        this.interval = interval;
    }

    private final class Watch implements WatchHandle {
        final String groupId;
        final MembershipListener listener;
        Set<String> last;
        boolean gone;
        WatchKey key;

        Watch(String groupId, MembershipListener listener) {
            this.groupId = groupId;
            this.listener = listener;
        }

        @Override
        public void close() {
            watches.remove(this);
            WatchKey k = key;
            if (k != null) {
                k.cancel();
            }
        }
    }

    @Override
    public synchronized WatchHandle watchMembers(String groupId, MembershipListener listener) {
        if (thread == null) {
            try {
                service = FileSystems.getDefault().newWatchService();
            } catch (IOException e) {
                throw new io.tooz.ToozException("cannot watch the file driver's directory: " + e, e);
            }
            thread = new Thread(this::run, "tooz-file-watch");
            thread.setDaemon(true);
            thread.start();
        }
        Watch w = new Watch(groupId, listener);
        watches.put(w, Boolean.TRUE);
        return w;
    }

    private void run() {
        long slice = Math.min(interval.toNanos(), TimeUnit.MILLISECONDS.toNanos(50));
        long nextFull = System.nanoTime() + interval.toNanos();
        while (!closed) {
            boolean changed = false;
            try {
                for (WatchKey k = service.poll(slice, TimeUnit.NANOSECONDS); k != null; k = service.poll()) {
                    k.pollEvents();
                    k.reset();
                    changed = true;
                }
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
            }
            boolean full = System.nanoTime() - nextFull >= 0;
            if (full) {
                nextFull = System.nanoTime() + interval.toNanos();
            }
            for (Watch w : watches.keySet()) {
                if (closed) {
                    return;
                }
                if (changed || full || (w.last == null && !w.gone)) {
                    deliver(w);
                }
            }
        }
    }

    private void deliver(Watch w) {
        try {
            if (w.key == null || !w.key.isValid()) {
                var dir = store.layout().groupDir(w.groupId);
                if (Files.isDirectory(dir)) {
                    w.key = dir.register(
                            service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE);
                }
            }
            Set<String> now = groups.getMemberIds(w.groupId);
            w.gone = false;
            if (!now.equals(w.last)) {
                w.last = Set.copyOf(now);
                w.listener.onMembers(w.last);
            }
        } catch (GroupNotCreatedException e) {
            if (!w.gone) {
                w.gone = true;
                w.last = null;
                w.listener.onGroupGone();
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot read group '{}' for its watchers: {}", w.groupId, e.toString());
        }
    }

    synchronized void close() {
        closed = true;
        watches.clear();
        if (service != null) {
            try {
                service.close();
            } catch (IOException e) {
                LOG.debug("closing the watch service", e);
            }
        }
        if (thread != null) {
            thread.interrupt();
        }
    }
}
