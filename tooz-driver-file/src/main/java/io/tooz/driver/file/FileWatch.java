package io.tooz.driver.file;

import io.tooz.spi.DriverWatch;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches group directories with the file system's notifications (inotify on Linux): a member file created or
 * deleted (a join or leave, by Java or Python), or a group directory created or removed, wakes one thread, which tells
 * the core the watched groups changed. An expiry changes no file: the core's periodic re-read finds it.
 */
final class FileWatch implements DriverWatch {
    private static final Logger LOG = LoggerFactory.getLogger(FileWatch.class);

    private final FileStore store;
    private final Map<Watch, Boolean> watches = new ConcurrentHashMap<>();
    private WatchService service;
    private Thread thread;
    private volatile boolean closed;

    FileWatch(FileStore store) {
        this.store = store;
    }

    private final class Watch implements WatchHandle {
        final String groupId;
        final MembershipListener listener;
        volatile WatchKey key;

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
                register(store.layout().groups); // groups created and deleted
            } catch (IOException e) {
                throw new io.tooz.ToozException("cannot watch the file driver's directory: " + e, e);
            }
            thread = new Thread(this::run, "tooz-file-watch");
            thread.setDaemon(true);
            thread.start();
        }
        Watch w = new Watch(groupId, listener);
        watches.put(w, Boolean.TRUE);
        registerGroup(w);
        return w;
    }

    private WatchKey register(Path dir) throws IOException {
        return dir.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE);
    }

    /** Watches the group's directory once it exists (again, after a group deleted and created anew). */
    private void registerGroup(Watch w) {
        WatchKey k = w.key;
        if (k == null || !k.isValid()) {
            Path dir = store.layout().groupDir(w.groupId);
            try {
                if (Files.isDirectory(dir)) {
                    w.key = register(dir);
                }
            } catch (IOException | ClosedWatchServiceException e) {
                LOG.debug("cannot watch the directory of group '{}': {}", w.groupId, e.toString());
            }
        }
    }

    private void run() {
        while (!closed) {
            try {
                for (WatchKey k = service.take(); k != null; k = service.poll()) {
                    k.pollEvents();
                    k.reset();
                }
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
            }
            for (Watch w : watches.keySet()) {
                registerGroup(w);
                w.listener.changed();
            }
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
