package io.tooz.driver.file;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/** File helpers: atomic writes through {@code D/tmp} (as Python tooz's {@code mkstemp} + rename), listing, removal. */
final class FileIo {
    private FileIo() {}

    /** Writes {@code content} to a temporary file in {@code tmpDir}, then renames it over {@code target}. */
    static void writeAtomically(Path tmpDir, Path target, byte[] content) throws IOException {
        Path tmp = Files.createTempFile(tmpDir, "tmp", "tooz");
        try {
            Files.write(tmp, content);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** The entries of a directory, by name; {@code null} if it does not exist. */
    static List<Path> list(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            s.forEach(out::add);
        } catch (NoSuchFileException e) {
            return null;
        }
        return out;
    }

    /** Removes a directory tree; a missing one is fine. */
    static void removeTree(Path dir) throws IOException {
        List<Path> entries = list(dir);
        if (entries == null) {
            return;
        }
        for (Path p : entries) {
            if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                removeTree(p);
            } else {
                Files.deleteIfExists(p);
            }
        }
        Files.deleteIfExists(dir);
    }

    /** The file's content, or {@code null} if it does not exist. */
    static byte[] readOrNull(Path file) throws IOException {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        }
    }
}
