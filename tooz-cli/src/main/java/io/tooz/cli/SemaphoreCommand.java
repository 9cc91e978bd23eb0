package io.tooz.cli;

import io.tooz.Coordinator;
import io.tooz.DistributedSemaphore;
import io.tooz.LockLease;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Takes a permit of a semaphore, prints its fencing token, holds it, returns it. */
@Command(
        name = "semaphore",
        description = {
            "Take one permit of the semaphore NAME (at most --permits holders at once across all members), print its"
                    + " fencing token, hold it for --hold, return it. Ctrl-C returns it at once and exits 130.",
            "Every member must use the same --permits for a name; a mismatch is an error (exit 2).",
            "Exit 1 if no permit is granted within --timeout, or if the permit is lost while held."
        })
final class SemaphoreCommand extends HoldCommand {

    @Parameters(index = "0", paramLabel = "NAME", description = "The semaphore's name.")
    String name;

    @Option(
            names = "--permits",
            paramLabel = "N",
            required = true,
            description = "How many holders the semaphore admits at once.")
    int permits;

    @Override
    Target target(Coordinator c) {
        DistributedSemaphore s = c.getSemaphore(name, permits);
        String what = "semaphore " + name + " (" + permits + " permits)";
        return new Target() {
            @Override
            public String what() {
                return what;
            }

            @Override
            public Object[] fields() {
                return new Object[] {"semaphore", name, "permits", permits};
            }

            @Override
            public Optional<LockLease> tryAcquire() {
                return s.tryAcquire();
            }

            @Override
            public LockLease acquire(Duration timeout) {
                return s.acquire(timeout);
            }

            @Override
            public Optional<String> holder() {
                return Optional.empty();
            }
        };
    }
}
