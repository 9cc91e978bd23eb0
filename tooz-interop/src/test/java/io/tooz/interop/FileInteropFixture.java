package io.tooz.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@link InteropFixture} on a fresh temporary directory per test, deleted afterwards: Java's {@code file://} driver and
 * Python tooz 3.1.0's file driver (in its own process) share it. Both take the URL's {@code timeout} (seconds) as the
 * age at which a member file's mtime makes its member dead; a test that needs a short one sets {@link #timeout}
 * before starting anyone.
 */
abstract class FileInteropFixture extends InteropFixture {
    /** The membership timeout of both sides, in whole seconds (Python parses it with {@code int()}). */
    Duration timeout = Duration.ofSeconds(10);

    final Path dir;

    FileInteropFixture() {
        try {
            dir = Files.createTempDirectory("tooz-file-interop-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @BeforeAll
    static void pythonToozIsThere() {
        PythonPeer.requireTooz();
    }

    @Override
    String url() {
        return "file://" + dir + "?timeout=" + timeout.toSeconds();
    }

    /** A lock of a Python peer; tooz 3.1.0's file driver decodes the name, so it takes bytes only. */
    static PythonLock pythonLock(PythonPeer py, String name) {
        return new PythonLock(py, name, true);
    }

    /** The member files ({@code *.raw}) under {@code groups/}, wherever they are. */
    long memberFiles() throws IOException {
        try (Stream<Path> files = Files.walk(dir.resolve("groups"))) {
            return files.filter(f -> f.getFileName().toString().endsWith(".raw"))
                    .count();
        }
    }

    @Override
    void removeNamespace() {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
