package io.tooz.cli;

import io.tooz.Coordinator;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Prints a group's leader, or follows it. */
@Command(
        name = "leader",
        description = {
            "Print the group's current leader (exit 1 if it has none).",
            "With --watch, print 'leader GROUP MEMBER' ('leader GROUP -' when it has none) now and at every change"
                    + " until Ctrl-C (or --for elapses); pushed where the backend can push. Watching does not enter"
                    + " the election."
        })
final class LeaderCommand extends CoordinatorCommand {

    @Parameters(index = "0", paramLabel = "GROUP", description = "The group.")
    String group;

    @Option(names = "--watch", description = "Follow the leader: print every change.")
    boolean watch;

    @Mixin
    RunFor runFor;

    @Override
    public Integer call() {
        if (watch) {
            try (Coordinator c = open()) {
                return stoppingOnSignal(c, () -> follow(c));
            }
        }
        Optional<String> leader;
        try (Coordinator c = open()) {
            leader = c.getLeader(group).get();
        }
        if (json() || leader.isPresent()) {
            print(leader.orElse(null), "group", group, "leader", leader.orElse(null));
        }
        return leader.isPresent() ? ExitCodes.OK : fail("group " + group + " has no leader");
    }

    private int follow(Coordinator c) {
        c.watchLeader(group, e -> {
            String leader = e.leaderId().orElse(null);
            print(
                    "leader " + group + " " + (leader == null ? "-" : leader),
                    "event",
                    "leader",
                    "group",
                    group,
                    "leader",
                    leader,
                    "time",
                    Instant.now().toString());
        });
        long deadline = runFor.deadlineNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0
                    || !sleep(Duration.ofNanos(
                            Math.min(left, Duration.ofSeconds(1).toNanos())))) {
                return ExitCodes.OK;
            }
        }
    }
}
