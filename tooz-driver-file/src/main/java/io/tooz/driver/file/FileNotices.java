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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes for waiters, one per JVM: one thread and one {@link WatchService} (inotify on Linux) on the directories of
 * watched files, which checks a file's watchers when the file system reports it written (a queue's table, a lock's
 * fencing counter), and every {@value #TICK_MS} ms runs each watcher's probe, for what changes no file (a process that
 * died holding a lock or an entry). Changes made in this JVM are passed on at once ({@link #touched}). The thread ends
 * when nothing has been watched for a while, and starts again with the next watch.
 */
final class FileNotices {
    static final FileNotices JVM = new FileNotices();
    static final long TICK_MS = 50;

    private static final Logger LOG = LoggerFactory.getLogger(FileNotices.class);
    private static final long LINGER_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final Set<WatchEvent.Kind<?>> WRITES =
            Set.of(StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);

    /**
     * Says whether what a watcher watches changed since it last asked (the first time: is already over); {@code
     * thorough} at a tick and the first time, and a cheaper look for a file system event (which says a file was
     * written, not by whom).
     */
    interface Probe {
        boolean changed(boolean thorough) throws IOException;
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
        final AtomicBoolean done = new AtomicBoolean();

        Watcher(Path file, Path eventFile, Probe probe, boolean once, Executor executor, Runnable action) {
            this.file = file;
            this.eventFile = eventFile;
            this.probe = probe;
            this.once = once;
            this.executor = executor;
            this.action = action;
        }

        /** Calls the action if the probe says so, or on any event for a repeating watch (its probe may lag). */
        void check(boolean event) {
            boolean changed;
            try {
                changed = probe.changed(!event) || event && !once;
            } catch (IOException | RuntimeException e) {
                LOG.debug("probing {}: {}", file, e.toString());
                changed = true; // a spurious call is harmless, a missed one is not
            }
            if (changed && (!once || done.compareAndSet(false, true))) {
                if (once) {
                    close();
                }
                try {
                    action.run();
                } catch (RuntimeException e) {
                    LOG.warn("a watcher of {} failed", file, e);
                }
            }
        }

        void checkLater() {
            try {
                executor.execute(() -> check(true));
            } catch (RejectedExecutionException e) {
                // its coordinator is stopping
            }
        }

        @Override
        public void close() {
            remove(this);
        }
    }

    private final Map<Path, List<Watcher>> byFile = new ConcurrentHashMap<>();
    private final Map<Path, List<Watcher>> byEventFile = new ConcurrentHashMap<>();
    private final Map<Path, WatchKey> keys = new HashMap<>();
    private WatchService service;
    private Thread thread;
    private long idleSince;
    private boolean idle;

    private FileNotices() {}

    /**
     * Calls {@code removed} once, when {@code gone} says so: checked now, when the queue's {@code table} is written
     * (here or, through inotify, by another process) and every tick. Calls come from the notices thread, or from
     * {@code executor}.
     */
    Handle onRemoval(Path table, Probe gone, Executor executor, Runnable removed) throws IOException {
        return watch(new Watcher(table, table, gone, true, executor, removed));
    }

    /**
     * Calls {@code changed} whenever {@code file} is granted or released in this JVM, {@code eventFile} is written
     * (here or by another process), or {@code probe} says so at a tick.
     */
    Handle onChange(Path file, Path eventFile, Probe probe, Executor executor, Runnable changed) throws IOException {
        return watch(new Watcher(file, eventFile, probe, false, executor, changed));
    }

    private Handle watch(Watcher w) throws IOException {
        synchronized (this) {
            if (thread == null) {
                service = FileSystems.getDefault().newWatchService();
                thread = new Thread(this::run, "tooz-file-notices");
                thread.setDaemon(true);
                thread.start();
            }
            byFile.computeIfAbsent(w.file, f -> new CopyOnWriteArrayList<>()).add(w);
            byEventFile
                    .computeIfAbsent(w.eventFile, f -> new CopyOnWriteArrayList<>())
                    .add(w);
            try {
                register(w.eventFile.getParent());
            } catch (IOException | RuntimeException e) {
                remove(w);
                throw e;
            }
        }
        if (w.probe.changed(true) && w.once) { // over before its directory was watched: call soon, not from here
            w.checkLater();
        }
        return w;
    }

    private void register(Path dir) throws IOException {
        WatchKey key = keys.get(dir);
        if (key == null || !key.isValid()) {
            keys.put(dir, dir.register(service, WRITES.toArray(new WatchEvent.Kind<?>[0])));
        }
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

    /** Passes on a change made in this JVM (a lock or an entry released, a lock granted) to the watchers of a file. */
    void touched(Path file) {
        List<Watcher> ws = byFile.get(file);
        if (ws != null) {
            ws.forEach(Watcher::checkLater);
        }
    }

    private void run() {
        long nextTick = System.nanoTime();
        while (true) {
            WatchService s;
            synchronized (this) {
                s = service;
            }
            Set<Watcher> events = new LinkedHashSet<>();
            try {
                for (WatchKey k = s.poll(TICK_MS, TimeUnit.MILLISECONDS); k != null; k = s.poll()) {
                    collect(k, events);
                }
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
            }
            events.forEach(w -> w.check(true));
            if (System.nanoTime() - nextTick >= 0) {
                nextTick = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TICK_MS);
                for (List<Watcher> ws : new ArrayList<>(byFile.values())) {
                    ws.forEach(w -> w.check(false));
                }
            }
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

    private synchronized boolean stopIfIdle() {
        if (!byFile.isEmpty()) {
            idle = false;
            return false;
        }
        long now = System.nanoTime();
        if (!idle) {
            idle = true;
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
        idle = false;
        return true;
    }
}
