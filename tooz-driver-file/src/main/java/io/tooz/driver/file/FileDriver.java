package io.tooz.driver.file;

import io.tooz.Characteristic;
import io.tooz.spi.Driver;
import io.tooz.spi.DriverContext;
import io.tooz.spi.Facets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The file driver: groups, locks, read-write locks, semaphores and watches on one directory shared with Python tooz.
 * Liveness is the mtime of a member's files, touched by heartbeats; locks and queue entries last as long as the
 * process (the OS drops POSIX locks of a dead one).
 */
final class FileDriver implements Driver {
    private final FileSettings settings;
    private final DriverContext context;
    private final FileStore store;
    private final FileGroups groups;
    private final FileLocks locks;
    private final FileWatch watch;
    private final FileLayout names;
    private final FileClaims claims;
    private final FileQueues queues;

    FileDriver(DriverContext context, FileSettings settings) {
        this.settings = settings;
        this.context = context;
        this.store = new FileStore(settings.directory());
        this.groups = new FileGroups(store, context, settings.timeout().toMillis());
        this.locks = new FileLocks(store, context);
        this.watch = new FileWatch(store);
        this.names = new FileLayout(settings.directory());
        this.claims = new FileClaims(store);
        this.queues = new FileQueues(store, context);
    }

    @Override
    public Set<Characteristic> characteristics() {
        // one host only, even for file:// on a network file system: POSIX locks and mtimes are not trusted there
        return EnumSet.of(
                Characteristic.DISTRIBUTED_ACROSS_THREADS,
                Characteristic.DISTRIBUTED_ACROSS_PROCESSES,
                Characteristic.NON_TIMEOUT_BASED);
    }

    @Override
    public void start() {
        store.open();
    }

    @Override
    public void close() {
        watch.close();
        store.close();
    }

    @Override
    public Optional<Duration> ttl() {
        return Optional.of(settings.timeout());
    }

    @Override
    public void heartbeat() {
        groups.heartbeat().ifPresent(g -> context.events()
                .membershipsLost("its member file in group(s) " + g
                        + " was removed as stale (a pause past membership_timeout?)"));
    }

    @Override
    public void checkName(NameKind kind, String name) {
        if (kind == NameKind.LOCK) {
            names.userLockFile(name);
        }
    }

    @Override
    public Facets facets() {
        return new Facets(groups, watch, locks, claims, queues);
    }
}
