package io.tooz.cli;

import io.tooz.Coordinator;
import io.tooz.CoordinatorBuilder;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.IntSupplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * Base of the commands: {@code --help} and {@code --version}, global options, output helpers and a started coordinator
 * on demand.
 */
@Command(mixinStandardHelpOptions = true)
abstract class CoordinatorCommand implements Callable<Integer> {

    @Mixin
    GlobalOptions global;

    @ParentCommand
    ToozCli root;

    @Spec
    CommandSpec spec;

    private GlobalOptions.Resolved resolved;

    /** The effective global options. */
    GlobalOptions.Resolved options() {
        if (resolved == null) {
            resolved = global.over(root.global);
        }
        return resolved;
    }

    /** Builds (without starting) a coordinator for {@code url} with the global member id and options. */
    Coordinator build(String url, String memberId) {
        CoordinatorBuilder b = Coordinator.builder(url).memberId(memberId);
        options().options().forEach(b::option);
        return b.build();
    }

    /** Builds and starts the coordinator named by the global options. */
    Coordinator open() {
        Coordinator c = build(options().url(), options().memberId());
        try {
            c.start();
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
        return c;
    }

    boolean json() {
        return options().json();
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** Prints a line and flushes, so that streamed output reaches pipes at once. */
    void println(String line) {
        PrintWriter o = out();
        synchronized (o) {
            o.println(line);
            o.flush();
        }
    }

    /** Prints {@code text}, or under {@code --json} the JSON object of {@code nameValuePairs} ({@link Json#object}). */
    void print(String text, Object... nameValuePairs) {
        println(json() ? Json.write(Json.object(nameValuePairs)) : text);
    }

    /** Reports an operation failure on stderr and returns {@link ExitCodes#FAILED}. */
    int fail(String message) {
        return fail(message, ExitCodes.FAILED);
    }

    /** Reports an error on stderr (a JSON object under {@code --json}) and returns {@code exit}. */
    int fail(String message, int exit) {
        out().flush();
        return ExitCodes.report(err(), json(), message, exit);
    }

    /**
     * Runs {@code body} with a shutdown hook that stops {@code c} if the JVM is shut down meanwhile (Ctrl-C, SIGTERM),
     * so the member leaves its groups and releases its locks.
     */
    @SuppressWarnings("try") // the guard only has to be open while body runs
    static int stoppingOnSignal(Coordinator c, IntSupplier body) {
        try (SignalGuard guard = new SignalGuard(c, () -> {})) {
            return body.getAsInt();
        }
    }

    /**
     * Sleeps for {@code d}, or until interrupted (Ctrl-C runs the shutdown hooks, which stop the coordinator).
     *
     * @return whether the full duration elapsed
     */
    static boolean sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
