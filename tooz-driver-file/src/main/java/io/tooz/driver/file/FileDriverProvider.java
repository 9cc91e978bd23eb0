package io.tooz.driver.file;

import io.tooz.ToozConfigurationException;
import io.tooz.spi.ConnectionUrl;
import io.tooz.spi.Driver;
import io.tooz.spi.DriverContext;
import io.tooz.spi.DriverOptions;
import io.tooz.spi.DriverProvider;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * A directory on a local file system, shared with Python tooz's {@code FileDriver}: Java and Python processes on one
 * host see each other in one group and exclude each other on one lock.
 *
 * <p>URL: {@code file://DIRECTORY[?timeout=10]}, e.g. {@code file:///var/lib/myapp/tooz}: the directory is the URL's
 * path, created (with its parents) at start if missing. {@code ipc://[NAME]} is the same driver on the private
 * directory {@code /dev/shm/tooz-ipc} (or {@code /dev/shm/tooz-ipc-NAME}); unlike Python tooz's {@code ipc://},
 * which uses System V semaphores, it does <em>not</em> share locks with Python processes.
 *
 * <table>
 * <caption>Options</caption>
 * <tr><th>option</th><th>meaning</th><th>default</th></tr>
 * <tr><td>{@code timeout}</td><td>a member whose file was not touched for this long is dead (seconds as Python
 * tooz writes it, or with a unit); heartbeats touch it every half of it. Use the same value as Python peers.</td>
 * <td>10</td></tr>
 * <tr><td>{@code watch_check_interval}</td><td>deprecated alias of the core's {@code watch_interval}: how often
 * watched groups are re-read to notice expired members (joins and leaves are noticed at once through file system
 * notifications)</td><td>1s</td></tr>
 * </table>
 *
 * <p>Accepted for compatibility and ignored, with one INFO line: {@code executor} (Python tooz's file and ipc drivers
 * read it to pick the thread pool that runs their asynchronous calls; the core runs them here).
 *
 * <p>Layout, locks and liveness: see {@code docs/file.md}; read-write locks and semaphores: {@code
 * docs/primitives-file.md}.
 */
public final class FileDriverProvider implements DriverProvider {
    static final Path IPC_BASE = Path.of("/dev/shm");

    @Override
    public Set<String> schemes() {
        return Set.of("file", "ipc");
    }

    @Override
    public String description() {
        return "a local directory shared with Python tooz's file driver (groups, POSIX-locked fenced locks, leaders,"
                + " read-write locks and semaphores);"
                + " ipc:// on /dev/shm";
    }

    @Override
    public Driver create(DriverContext context) {
        return new FileDriver(context, settings(context.url(), context.options()));
    }

    static FileSettings settings(ConnectionUrl url, DriverOptions o) {
        boolean ipc = url.scheme().equals("ipc");
        Path dir = ipc ? ipcDirectory(url) : fileDirectory(url);
        Duration timeout = o.duration("timeout", Duration.ofSeconds(10), Duration.ofMillis(500), Duration.ofDays(1));
        o.ignore("executor"); // Python's CoordinationDriverWithExecutor: file:// and ipc://
        return new FileSettings(url.scheme(), dir, timeout, ipc);
    }

    private static Path fileDirectory(ConnectionUrl url) {
        if (!url.hosts().isEmpty()) {
            throw new ToozConfigurationException(
                    "file URL '" + url + "' names a host ('" + url.hosts().get(0)
                            + "'); the directory is the URL's path: use file:///absolute/path (three slashes)");
        }
        if (url.path().isEmpty() || url.path().equals("/")) {
            throw new ToozConfigurationException(
                    "file URL '" + url + "' names no directory; use file:///path/to/dir (not the root directory)");
        }
        try {
            return Path.of(url.path()).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new ToozConfigurationException("file URL '" + url + "' has a bad path: " + e.getMessage());
        }
    }

    private static Path ipcDirectory(ConnectionUrl url) {
        if (!url.path().isEmpty() && !url.path().equals("/")) {
            throw new ToozConfigurationException("ipc URL '" + url + "' has a path; ipc:// uses /dev/shm/tooz-ipc, "
                    + "ipc://NAME /dev/shm/tooz-ipc-NAME; for a directory of your own use file:///path");
        }
        if (url.hosts().isEmpty()) {
            return IPC_BASE.resolve("tooz-ipc");
        }
        String name = url.hosts().get(0).host();
        if (url.hosts().size() > 1 || url.hosts().get(0).port() != 0 || !name.matches("[A-Za-z0-9_.-]+")) {
            throw new ToozConfigurationException(
                    "ipc URL '" + url + "': the name may only have letters, digits, '_', '.' and '-'");
        }
        return IPC_BASE.resolve("tooz-ipc-" + name);
    }
}
