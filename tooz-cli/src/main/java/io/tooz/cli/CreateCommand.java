package io.tooz.cli;

import io.tooz.Coordinator;
import io.tooz.GroupAlreadyExistsException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Creates an empty group. */
@Command(name = "create", description = "Create an empty group (exit 1 if it already exists).")
final class CreateCommand extends CoordinatorCommand {

    @Parameters(index = "0", paramLabel = "GROUP", description = "The group to create.")
    String group;

    @Override
    public Integer call() {
        try (Coordinator c = open()) {
            c.createGroup(group).get();
        } catch (GroupAlreadyExistsException e) {
            return fail("group " + group + " already exists (see 'tooz members " + group + "')");
        }
        print("created group " + group, "event", "created", "group", group);
        return ExitCodes.OK;
    }
}
