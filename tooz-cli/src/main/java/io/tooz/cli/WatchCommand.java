package io.tooz.cli;

import io.tooz.Coordinator;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Streams a group's join, leave and leader-change events. */
@Command(
        name = "watch",
        mixinStandardHelpOptions = true,
        description = {
            "Stream a group's events until Ctrl-C (or --for elapses), one a line: 'joined GROUP MEMBER',"
                    + " 'left GROUP MEMBER', 'leader GROUP MEMBER' ('leader GROUP -' when it has none).",
            "With --json, one JSON object a line: {\"event\":..,\"group\":..,\"member\":..,\"time\":..}.",
            "Leader changes are polled every --leader-poll; watching does not enter the election."
        })
final class WatchCommand extends CoordinatorCommand {

    @Parameters(index = "0", paramLabel = "GROUP", description = "The group to watch.")
    String group;

    @Option(
            names = "--for",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "Stop after this long (default: until interrupted).")
    Duration duration;

    @Option(
            names = "--leader-poll",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            defaultValue = "250ms",
            description = "How often to check the leader (default: 250ms).")
    Duration leaderPoll;

    @Override
    public Integer call() {
        try (Coordinator c = open()) {
            return stoppingOnSignal(c, () -> watch(c));
        }
    }

    private int watch(Coordinator c) {
        c.watchJoinGroup(group, e -> emit("joined", e.memberId()));
        c.watchLeaveGroup(group, e -> emit("left", e.memberId()));
        long deadline = duration == null ? Long.MAX_VALUE : System.nanoTime() + duration.toNanos();
        Optional<String> leader = Optional.empty();
        while (true) {
            Optional<String> now = c.getLeader(group).get();
            if (!now.equals(leader)) {
                emit("leader", now.orElse(null));
                leader = now;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0 || !sleep(Duration.ofNanos(Math.min(left, leaderPoll.toNanos())))) {
                break;
            }
        }
        return ExitCodes.OK;
    }

    private void emit(String event, String member) {
        if (json()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("event", event);
            row.put("group", group);
            row.put("member", member);
            row.put("time", Instant.now().toString());
            println(JsonWriter.write(row));
        } else {
            println(event + " " + group + " " + (member == null ? "-" : member));
        }
    }
}
