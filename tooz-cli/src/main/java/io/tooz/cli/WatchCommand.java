package io.tooz.cli;

import io.tooz.Coordinator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Streams a group's join, leave and leader-change events. */
@Command(
        name = "watch",
        description = {
            "Print the group's current members, 'member GROUP MEMBER' each, and its leader, 'leader GROUP MEMBER'"
                    + " ('leader GROUP -' when it has none); then stream its events until Ctrl-C (or --for elapses),"
                    + " one a line: 'joined GROUP MEMBER', 'left GROUP MEMBER', 'leader GROUP MEMBER'.",
            "With --json, one JSON object a line: {\"event\":..,\"group\":..,\"member\":..,\"time\":..}.",
            "Leader changes are polled every --leader-poll; watching does not enter the election."
        })
final class WatchCommand extends CoordinatorCommand {

    @Parameters(index = "0", paramLabel = "GROUP", description = "The group to watch.")
    String group;

    @Mixin
    RunFor runFor;

    @Option(
            names = "--leader-poll",
            paramLabel = "DURATION",
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
        Membership members = new Membership();
        c.watchJoinGroup(group, e -> members.event(true, e.memberId()));
        c.watchLeaveGroup(group, e -> members.event(false, e.memberId()));
        members.snapshot(new TreeSet<>(c.getMembers(group).get()));
        long deadline = runFor.deadlineNanos();
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

    private record Change(boolean joined, String member) {}

    /**
     * The members printed so far. Events that come before the snapshot is printed wait for it; an event the snapshot
     * already shows (a join of a listed member, a leave of an unlisted one) is not printed.
     */
    private final class Membership {
        private final Set<String> known = new HashSet<>();
        private final List<Change> early = new ArrayList<>();
        private boolean live;

        synchronized void event(boolean joined, String member) {
            if (!live) {
                early.add(new Change(joined, member));
            } else if (joined ? known.add(member) : known.remove(member)) {
                emit(joined ? "joined" : "left", member);
            }
        }

        synchronized void snapshot(Set<String> members) {
            members.forEach(m -> emit("member", m));
            known.addAll(members);
            live = true;
            early.forEach(e -> event(e.joined(), e.member()));
            early.clear();
        }
    }

    private void emit(String event, String member) {
        String text = event + " " + group + " " + (member == null ? "-" : member);
        print(
                text,
                "event",
                event,
                "group",
                group,
                "member",
                member,
                "time",
                Instant.now().toString());
    }
}
