package io.tooz.tck;

import io.tooz.Coordinator;
import io.tooz.CoordinatorBuilder;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A JVM running {@code main} of a class on this test's class path, for tests that freeze or kill a member: each
 * line it prints goes to a consumer (on a reader thread), its standard error to a log file.
 */
final class ChildJvm {
    private final Process process;

    ChildJvm(Class<?> main, List<String> args, Path log, Consumer<String> lines) {
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-cp",
                System.getProperty("java.class.path"),
                main.getName()));
        command.addAll(args);
        try {
            this.process =
                    new ProcessBuilder(command).redirectError(log.toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread reader = new Thread(() -> read(lines), main.getSimpleName() + "-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /** The arguments {@code fixed}, then one {@code OPTION=VALUE} per driver option, for a child's command line. */
    static List<String> withOptions(Map<String, String> options, String... fixed) {
        List<String> args = new ArrayList<>(List.of(fixed));
        options.forEach((k, v) -> args.add(k + "=" + v));
        return args;
    }

    /** In the child: a builder for URL {@code args[0]} and member {@code args[1]}, with the options from {@code from}. */
    static CoordinatorBuilder builder(String[] args, int from) {
        CoordinatorBuilder b = Coordinator.builder(args[0]).memberId(args[1]);
        for (int i = from; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            b.option(kv[0], kv[1]);
        }
        return b;
    }

    private void read(Consumer<String> lines) {
        try (BufferedReader r =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                lines.accept(line);
            }
        } catch (IOException e) {
            // the process is gone
        }
    }

    /** Sends a signal ({@code STOP}, {@code CONT}, {@code KILL}) with {@code kill}. */
    void signal(String name) throws IOException, InterruptedException {
        Signals.send(process, name);
    }

    /** Closes its standard input (the child's cue to stop); kills it if it has not exited {@code seconds} later. */
    void close(int seconds) throws IOException, InterruptedException {
        process.getOutputStream().close();
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
