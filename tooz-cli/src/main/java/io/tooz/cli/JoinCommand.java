package io.tooz.cli;

import io.tooz.Capabilities;
import io.tooz.Coordinator;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** Joins a group, optionally holding the membership for a while. */
@Command(
        name = "join",
        description = {
            "Join a group as --member-id, print it, then either exit at once or, with --hold, stay joined for the"
                    + " duration and leave. Ctrl-C during --hold leaves at once and exits 130.",
            "Without --hold the process exits without leaving: the member then stays only as long as the backend"
                    + " keeps members without heartbeats. On TTL-based backends (e.g. redis, memcached) it expires"
                    + " after the TTL; on session-based ones (e.g. zookeeper) it vanishes as the process exits; on"
                    + " memory:// (one process) it vanishes at once."
        })
final class JoinCommand extends CoordinatorCommand {

    @Parameters(index = "0", paramLabel = "GROUP", description = "The group to join.")
    String group;

    @Option(
            names = "--capabilities",
            paramLabel = "JSON",
            description = "Capabilities as JSON, e.g. '{\"weight\": 2}' (default: none, Python's None).")
    String capabilities;

    @Option(names = "--create", description = "Create the group first if it does not exist.")
    boolean create;

    @Option(
            names = "--hold",
            paramLabel = "DURATION",
            description = "Stay joined this long, then leave (e.g. 30s, 5m).")
    Duration hold;

    @Override
    @SuppressWarnings("try") // the guard only has to be open while the member joins and holds
    public Integer call() {
        Capabilities caps = parseCapabilities();
        Coordinator c = open();
        AtomicBoolean joined = new AtomicBoolean();
        int exit;
        try (SignalGuard guard = new SignalGuard(c, () -> leaveOnSignal(joined, c))) {
            exit = joinAndHold(c, caps, joined);
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
        if (hold != null) {
            c.close(); // without --hold it is left open: stopping it would leave the group
        }
        return exit;
    }

    private int joinAndHold(Coordinator c, Capabilities caps, AtomicBoolean joined) {
        if (create) {
            c.joinGroupCreate(group, caps);
        } else {
            c.joinGroup(group, caps).get();
        }
        joined.set(hold != null);
        report("joined", c.memberId(), caps);
        if (hold == null) {
            // Exit without leaving (see the description); the JVM exits right after this command.
            return ExitCodes.OK;
        }
        if (!sleep(hold) || !joined.getAndSet(false)) {
            return ExitCodes.INTERRUPTED; // the shutdown hook leaves
        }
        c.leaveGroup(group).get();
        report("left", c.memberId(), null);
        return ExitCodes.OK;
    }

    /** Ctrl-C: leaves the group if this command joined it and holds the membership, and says so. */
    private void leaveOnSignal(AtomicBoolean joined, Coordinator c) {
        boolean leaving = joined.getAndSet(false);
        if (leaving) {
            c.leaveGroup(group).get();
            report("left", c.memberId(), null);
        }
        fail("interrupted" + (leaving ? "; left group " + group : ""), ExitCodes.INTERRUPTED);
    }

    private void report(String event, String member, Capabilities caps) {
        Map<String, Object> row = Json.object("event", event, "group", group, "member", member);
        if (caps != null) {
            row.put("capabilities", caps.value());
        }
        println(json() ? Json.write(row) : event + " " + group + " as " + member);
    }

    private Capabilities parseCapabilities() {
        if (capabilities == null) {
            return Capabilities.none();
        }
        try {
            return Capabilities.of(Json.parse(capabilities));
        } catch (RuntimeException e) {
            throw new ParameterException(spec.commandLine(), "--capabilities: " + ExitCodes.message(e));
        }
    }
}
