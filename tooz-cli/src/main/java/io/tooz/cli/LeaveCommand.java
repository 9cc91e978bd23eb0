package io.tooz.cli;

import io.tooz.Coordinator;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** Removes --member-id from a group, e.g. a member left behind by {@code tooz join} without --hold. */
@Command(name = "leave", description = "Make --member-id leave a group (exit 1 if it is not a member).")
final class LeaveCommand extends CoordinatorCommand {

    @Parameters(index = "0", paramLabel = "GROUP", description = "The group to leave.")
    String group;

    @Override
    public Integer call() {
        if (!options().memberIdGiven()) {
            throw new ParameterException(spec.commandLine(), "leave needs --member-id: the member that should leave");
        }
        try (Coordinator c = open()) {
            c.leaveGroup(group).get();
            print("left " + group + " as " + c.memberId(), "event", "left", "group", group, "member", c.memberId());
        }
        return ExitCodes.OK;
    }
}
