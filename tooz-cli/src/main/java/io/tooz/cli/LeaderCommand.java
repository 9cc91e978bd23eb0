package io.tooz.cli;

import io.tooz.Coordinator;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Prints a group's leader. */
@Command(name = "leader", description = "Print the group's current leader (exit 1 if it has none).")
final class LeaderCommand extends CoordinatorCommand {

    @Parameters(index = "0", paramLabel = "GROUP", description = "The group.")
    String group;

    @Override
    public Integer call() {
        Optional<String> leader;
        try (Coordinator c = open()) {
            leader = c.getLeader(group).get();
        }
        if (json() || leader.isPresent()) {
            print(leader.orElse(null), "group", group, "leader", leader.orElse(null));
        }
        return leader.isPresent() ? ExitCodes.OK : fail("group " + group + " has no leader");
    }
}
