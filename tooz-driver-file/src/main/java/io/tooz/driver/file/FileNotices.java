package io.tooz.driver.file;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes for waiters, one per JVM: one thread and one {@link WatchService} (inotify on Linux) on the directories of
 * watched files, which calls a file's watchers when the file system reports it (a queue entry deleted, a fencing
 * counter written), and every {@value #TICK_MS} ms runs each watcher's probe, for what changes no file (a process that
 * died holding a lock or an entry). Changes made in this JVM are passed on at once ({@link #touched}). The thread ends
 * when nothing has been watched for a while, and starts again with the next watch.
 */
final class FileNotices {
    static final FileNotices JVM = new FileNotices();
    static final long TICK_MS = 50;

    private static final Logger LOG = LoggerFactory.getLogger(FileNotices.class);
    private static final long LINGER_NANOS = TimeUnit.SECONDS.toNanos(10);

    /** Says whether what a watcher watches changed since it last asked (or, the first time, is already over). */
    interface Probe {
        boolean changed() throws IOException;
    }

    /** Stops a watch; never fails. */
    interface Handle extends AutoCloseable {
        @Override
        void close();
    }

    private final class Watcher implements Handle {
        final Path file;
        final Path eventFile;
        final Probe probe;
        final boolean once;
        final Executor executor;
        final Runnable action;

        Watcher(Path file, Path eventFile, Probe probe, boolean once, Executor executor, Runnable action) {
            this.file = file;
            this.eventFile = eventFile;
            this.probe = probe;
            this.once = once;
            this.executor = executor;
            this.action = action;
        }

        @Override
        public void close() {
            remove(this);
        }
    }

    private final Map<Path, List<Watcher>> byFile = new ConcurrentHashMap<>();
    private final Map<Path, List<Watcher>> byEventFile = new ConcurrentHashMap<>();
    private final Map<Path, WatchKey> keys = new HashMap<>();
    private final Map<Path, Set<WatchEvent.Kind<?>>> kinds = new HashMap<>();
    private WatchService service;
    private Thread thread;
    private long idleSince;

    private FileNotices() {}

    /**
     * Calls {@code action} when {@code file} changes: on a change made in this JVM ({@link #touched}), on a file
     * system event of {@code eventKinds} about {@code eventFile} (the file itself, or one written with it), or when
     * {@code probe} says so (checked now, then every tick). A watch made {@code once} ends with its first call. Calls
     * made here and for changes made in this JVM go to {@code executor}; the others come from the notices thread.
     */
    Handle watch(
            Path file,
            Path eventFile,
            Set<WatchEvent.Kind<?>> eventKinds,
            Probe probe,
            boolean once,
            Executor executor,
            Runnable action)
            throws IOException {
        Watcher w = new Watcher(file, eventFile, probe, once, executor, action);
        synchronized (this) {
            if (thread == null) {
                service = FileSystems.getDefault().newWatchService();
                thread = new Thread(this::run, "tooz-file-notices");
                thread.setDaemon(true);
                thread.start();
            }
            byFile.computeIfAbsent(file, f -> new CopyOnWriteArrayList<>()).add(w);
            byEventFile
                    .computeIfAbsent(eventFile, f -> new CopyOnWriteArrayList<>())
                    .add(w);
            try {
                register(eventFile.getParent(), eventKinds);
            } catch (IOException | RuntimeException e) {
                remove(w);
                throw e;
            }
        }
        if (probe.changed()) { // before the directory was watched
            dispatch(w);
        }
        return w;
    }

    private void register(Path dir, Set<WatchEvent.Kind<?>> eventKinds) throws IOException {
        WatchKey key = keys.get(dir);
        Set<WatchEvent.Kind<?>> have = kinds.getOrDefault(dir, Set.of());
        if (key != null && key.isValid() && have.containsAll(eventKinds)) {
            return;
        }
        Set<WatchEvent.Kind<?>> want = new HashSet<>(key != null && key.isValid() ? have : Set.of());
        want.addAll(eventKinds);
        keys.put(dir, dir.register(service, want.toArray(new WatchEvent.Kind<?>[0])));
        kinds.put(dir, want);
    }

    private synchronized void remove(Watcher w) {
        removeFrom(byFile, w.file, w);
        removeFrom(byEventFile, w.eventFile, w);
    }

    private static void removeFrom(Map<Path, List<Watcher>> map, Path key, Watcher w) {
        List<Watcher> ws = map.get(key);
        if (ws != null && ws.remove(w) && ws.isEmpty()) {
            map.remove(key, ws);
        }
    }

    /** Passes on a change made in this JVM (a lock or an entry released) to the watchers of {@code file}. */
    void touched(Path file) {
        List<Watcher> ws = byFile.get(file);
        if (ws != null) {
            ws.forEach(this::dispatch);
        }
    }

    private void dispatch(Watcher w) {
        if (w.once) {
            remove(w);
        }
        try {
            w.executor.execute(w.action);
        } catch (RejectedExecutionException e) {
            // its coordinator is stopping
        }
    }

    private void fire(Watcher w) {
        if (w.once) {
            remove(w);
        }
        try {
            w.action.run();
        } catch (RuntimeException e) {
            LOG.warn("a watcher of {} failed", w.file, e);
        }
    }

    private void run() {
        long nextTick = System.nanoTime();
        while (true) {
            WatchService s;
            synchronized (this) {
                s = service;
            }
            Set<Watcher> due = new LinkedHashSet<>();
            try {
                for (WatchKey k = s.poll(TICK_MS, TimeUnit.MILLISECONDS); k != null; k = s.poll()) {
                    collect(k, due);
                }
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
            }
            if (System.nanoTime() - nextTick >= 0) {
                nextTick = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TICK_MS);
                probeAll(due);
            }
            due.forEach(this::fire);
            if (stopIfIdle()) {
                return;
            }
        }
    }

    private void collect(WatchKey k, Set<Watcher> due) {
        Path dir = (Path) k.watchable();
        for (WatchEvent<?> e : k.pollEvents()) {
            if (e.kind() == StandardWatchEventKinds.OVERFLOW) {
                byEventFile.forEach((f, ws) -> {
                    if (f.startsWith(dir)) {
                        due.addAll(ws);
                    }
                });
            } else {
                List<Watcher> ws = byEventFile.get(dir.resolve((Path) e.context()));
                if (ws != null) {
                    due.addAll(ws);
                }
            }
        }
        if (!k.reset()) {
            synchronized (this) {
                keys.remove(dir, k);
            }
        }
    }

    private void probeAll(Set<Watcher> due) {
        for (List<Watcher> ws : new ArrayList<>(byFile.values())) {
            for (Watcher w : ws) {
                try {
                    if (w.probe.changed()) {
                        due.add(w);
                    }
                } catch (IOException | RuntimeException e) {
                    LOG.debug("probing {}: {}", w.file, e.toString());
                    due.add(w); // a spurious call is harmless, a missed one is not
                }
            }
        }
    }

    private synchronized boolean stopIfIdle() {
        if (!byFile.isEmpty()) {
            idleSince = 0;
            return false;
        }
        long now = System.nanoTime();
        if (idleSince == 0) {
            idleSince = now;
        }
        if (now - idleSince < LINGER_NANOS) {
            return false;
        }
        try {
            service.close();
        } catch (IOException e) {
            LOG.debug("closing the watch service", e);
        }
        service = null;
        thread = null;
        keys.clear();
        kinds.clear();
        idleSince = 0;
        return true;
    }
}
