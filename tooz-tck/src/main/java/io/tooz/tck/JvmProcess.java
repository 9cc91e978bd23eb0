package io.tooz.tck;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/** A JVM of a test's own that the test can signal and close: the part {@link MemberProcess} and {@link WorkerProcess} share. */
// close() waits for the child JVM to exit, so it may be interrupted; the tests that use it declare that
@SuppressWarnings("try")
abstract class JvmProcess implements AutoCloseable {
    private final int closeSeconds;
    private ChildJvm jvm;

    /** {@code closeSeconds}: how long {@link #close()} lets the child exit by itself before killing it. */
    JvmProcess(int closeSeconds) {
        this.closeSeconds = closeSeconds;
    }

    /** Starts {@code main} with {@code args}; called once, at the end of the subclass's constructor. */
    final void launch(Class<?> main, List<String> args, Path log, Consumer<String> lines) {
        jvm = new ChildJvm(main, args, log, lines);
    }

    /** Sends a signal ({@code STOP}, {@code CONT}, {@code KILL}) with {@code kill}. */
    public void signal(String name) throws IOException, InterruptedException {
        jvm.signal(name);
    }

    /** Closes the child's stdin, so it stops and leaves; kills it if it has not exited in time. */
    @Override
    public void close() throws IOException, InterruptedException {
        jvm.close(closeSeconds);
    }
}
