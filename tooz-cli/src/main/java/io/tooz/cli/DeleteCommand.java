package io.tooz.cli;

import io.tooz.Coordinator;
import io.tooz.GroupNotCreatedException;
import io.tooz.GroupNotEmptyException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Deletes an empty group. */
@Command(name = "delete", description = "Delete an empty group (exit 1 if it does not exist or still has members).")
final class DeleteCommand extends CoordinatorCommand {
    /** Members named in the not-empty message; the rest are counted. */
    private static final int NAMED = 5;

    @Parameters(index = "0", paramLabel = "GROUP", description = "The group to delete.")
    String group;

    @Override
    public Integer call() {
        try (Coordinator c = open()) {
            try {
                c.deleteGroup(group).get();
            } catch (GroupNotCreatedException e) {
                return fail("group " + group + " does not exist (see 'tooz groups')");
            } catch (GroupNotEmptyException e) {
                return fail(notEmpty(c));
            }
        }
        print("deleted group " + group, "event", "deleted", "group", group);
        return ExitCodes.OK;
    }

    private String notEmpty(Coordinator c) {
        List<String> members;
        try {
            members = new ArrayList<>(new TreeSet<>(c.getMembers(group).get()));
        } catch (RuntimeException e) {
            members = List.of();
        }
        if (members.isEmpty()) {
            return "group " + group + " is not empty on the backend, though it lists no members (e.g. a member that"
                    + " left is still running for leader); try again once that process has stopped";
        }
        int more = members.size() - NAMED;
        String who = String.join(", ", members.subList(0, Math.min(NAMED, members.size())))
                + (more > 0 ? " and " + more + " more" : "");
        return "group " + group + " is not empty: " + members.size() + " member" + (members.size() == 1 ? "" : "s")
                + " (" + who + "); each must leave first ('tooz leave " + group + " --member-id ID'), or expire"
                + " after the backend's timeout";
    }
}
