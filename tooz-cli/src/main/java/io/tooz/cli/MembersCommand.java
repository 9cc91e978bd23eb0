package io.tooz.cli;

import io.tooz.Capabilities;
import io.tooz.Coordinator;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Lists a group's members, optionally with their capabilities. */
@Command(
        name = "members",
        description = {
            "List a group's members, one a line; with --capabilities, MEMBER<TAB>CAPABILITIES-AS-JSON.",
            "Bytes in capabilities are shown as Python's repr, e.g. \"b'\\x00ab'\"."
        })
final class MembersCommand extends CoordinatorCommand {

    @Parameters(index = "0", paramLabel = "GROUP", description = "The group.")
    String group;

    @Option(names = "--capabilities", description = "Also print each member's capabilities.")
    boolean capabilities;

    @Override
    public Integer call() {
        try (Coordinator c = open()) {
            if (!capabilities) {
                TreeSet<String> members = new TreeSet<>(c.getMembers(group).get());
                if (json()) {
                    println(Json.write(members));
                } else {
                    members.forEach(this::println);
                }
                return ExitCodes.OK;
            }
            Map<String, Object> members = new TreeMap<>();
            c.getMembersWithCapabilities(group).get().forEach((m, caps) -> members.put(m, value(caps)));
            if (json()) {
                println(Json.write(members));
            } else {
                members.forEach((m, v) -> println(m + "\t" + Json.write(v)));
            }
        }
        return ExitCodes.OK;
    }

    private static Object value(Capabilities caps) {
        return caps == null ? null : caps.value();
    }
}
