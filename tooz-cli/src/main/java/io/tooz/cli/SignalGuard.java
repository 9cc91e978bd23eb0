package io.tooz.cli;

import io.tooz.Coordinator;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What Ctrl-C (SIGINT) or SIGTERM does while a command holds something: a JVM shutdown hook that first runs {@code
 * release} (release the lock, leave the group, reporting it as usual), then stops the coordinator. The JVM then exits
 * as it does on that signal, {@value ExitCodes#INTERRUPTED} for SIGINT (128 + 2) and 143 for SIGTERM; a hook must
 * not call {@code System.exit} itself. Meanwhile the command's own thread sees {@link #fired()} and stays quiet.
 */
final class SignalGuard implements AutoCloseable {
    private final AtomicBoolean fired = new AtomicBoolean();
    private final Thread hook;

    SignalGuard(Coordinator c, Runnable release) {
        this.hook = new Thread(
                () -> {
                    fired.set(true);
                    try {
                        release.run();
                    } catch (RuntimeException e) {
                        // stopping the coordinator below releases what is left, or its backend's timeout does
                    } finally {
                        c.close();
                    }
                },
                "tooz-cli-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Whether the JVM is shutting down on a signal, the hook running or done. */
    boolean fired() {
        return fired.get();
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run
        }
    }
}
