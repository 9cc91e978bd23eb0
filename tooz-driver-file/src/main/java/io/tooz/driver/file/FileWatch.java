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
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
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
    private final List<Watch> watches = new CopyOnWriteArrayList<>();
    /** The key of each watched group's directory, once it exists. */
    private final Map<String, WatchKey> keys = new ConcurrentHashMap<>();

    private WatchService service;
    private Thread thread;
    private volatile boolean closed;

    FileWatch(FileStore store) {
        this.store = store;
    }

    private record Watch(String groupId, MembershipListener listener) {}

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
        watches.add(w);
        registerGroup(groupId);
        return () -> {
            watches.remove(w);
            WatchKey k = keys.remove(groupId);
            if (k != null) {
                k.cancel();
            }
        };
    }

    private WatchKey register(Path dir) throws IOException {
        return dir.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE);
    }

    /** Watches the group's directory once it exists (again, after a group deleted and created anew). */
    private void registerGroup(String groupId) {
        WatchKey k = keys.get(groupId);
        if (k == null || !k.isValid()) {
            Path dir = store.layout().groupDir(groupId);
            try {
                if (Files.isDirectory(dir)) {
                    keys.put(groupId, register(dir));
                }
            } catch (IOException | ClosedWatchServiceException e) {
                LOG.debug("cannot watch the directory of group '{}': {}", groupId, e.toString());
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
            for (Watch w : watches) {
                registerGroup(w.groupId());
                w.listener().changed();
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
