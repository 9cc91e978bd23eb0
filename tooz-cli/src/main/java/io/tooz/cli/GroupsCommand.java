package io.tooz.cli;

import io.tooz.Coordinator;
import java.util.TreeSet;
import picocli.CommandLine.Command;

/** Lists the groups. */
@Command(name = "groups", description = "List the groups, one a line.")
final class GroupsCommand extends CoordinatorCommand {

    @Override
    public Integer call() {
        try (Coordinator c = open()) {
            TreeSet<String> groups = new TreeSet<>(c.getGroups().get());
            if (json()) {
                println(Json.write(groups));
            } else {
                groups.forEach(this::println);
            }
        }
        return ExitCodes.OK;
    }
}
