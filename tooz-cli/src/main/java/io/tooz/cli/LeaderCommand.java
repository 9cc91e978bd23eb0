package io.tooz.cli;

import io.tooz.Coordinator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Prints a group's leader. */
@Command(
        name = "leader",
        mixinStandardHelpOptions = true,
        description = "Print the group's current leader (exit 1 if it has none).")
final class LeaderCommand extends CoordinatorCommand {

    @Parameters(index = "0", paramLabel = "GROUP", description = "The group.")
    String group;

    @Override
    public Integer call() {
        Optional<String> leader;
        try (Coordinator c = open()) {
            leader = c.getLeader(group).get();
        }
        if (json()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("group", group);
            row.put("leader", leader.orElse(null));
            println(Json.write(row));
        } else {
            leader.ifPresent(this::println);
        }
        return leader.isPresent() ? ExitCodes.OK : fail("group " + group + " has no leader");
    }
}
