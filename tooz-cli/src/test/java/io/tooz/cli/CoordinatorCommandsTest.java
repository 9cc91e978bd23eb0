package io.tooz.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tooz.Capabilities;
import io.tooz.Coordinator;
import io.tooz.ToozConnectionException;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Commands that talk to a coordinator, on memory:// (shared by everything in this JVM using the same URL). */
class CoordinatorCommandsTest {
    private final String url = Cli.uniqueUrl();

    @Test
    void unknownSchemeIsAUsageErrorListingTheSchemes() {
        Cli.Result r = Cli.run("groups", "--url", "nosuch://host/x?password=hunter2");
        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(r.err().lines())
                .singleElement()
                .asString()
                .contains("nosuch", "memory")
                .doesNotContain("hunter2");
    }

    @Test
    void invalidNameIsAUsageError() {
        Cli.Result r = Cli.run("members", "x".repeat(256), "--url", url);
        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
    }

    @Test
    void connectionErrorsExitThree() {
        assertThat(ExitCodes.of(new ToozConnectionException("cannot reach 127.0.0.1:1")))
                .isEqualTo(3);
    }

    @Test
    void driversListsMemory() {
        Cli.Result r = Cli.run("drivers");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).containsPattern("(?m)^memory,zake\t");
        assertThat(Cli.run("drivers", "--json").out()).contains("\"schemes\":[\"memory\",\"zake\"]");
    }

    @Test
    void missingGroupFailsWithExitOne() {
        Cli.Result members = Cli.run("members", "nope", "--url", url);
        assertThat(members.exit()).as(members.toString()).isEqualTo(1);
        assertThat(members.err()).contains("nope");
        assertThat(Cli.run("join", "nope", "--url", url).exit()).isEqualTo(1);
        assertThat(Cli.run("leave", "nope", "--url", url, "--member-id", "m").exit())
                .isEqualTo(1);
        assertThat(Cli.run("watch", "nope", "--url", url, "--for", "1s").exit()).isEqualTo(1);
    }

    @Test
    void joinHoldsMembershipWhileOtherCommandsSeeIt() {
        Cli.Running join = Cli.start(
                "join",
                "workers",
                "--create",
                "--url",
                url,
                "--member-id",
                "w1",
                "--capabilities",
                "{\"weight\": 2, \"zone\": \"eu\"}",
                "--hold",
                "3s");
        join.awaitOutput("joined workers as w1");
        assertThat(Cli.run("groups", "--url", url).out()).isEqualTo("workers\n");
        assertThat(Cli.run("--url", url, "groups", "--json").out()).isEqualTo("[\"workers\"]\n");
        assertThat(Cli.run("members", "workers", "--url", url).out()).isEqualTo("w1\n");
        assertThat(Cli.run("members", "workers", "--url", url, "--capabilities").out())
                .isEqualTo("w1\t{\"weight\":2,\"zone\":\"eu\"}\n");
        assertThat(Cli.run("members", "workers", "--url", url, "--capabilities", "--json")
                        .out())
                .isEqualTo("{\"w1\":{\"weight\":2,\"zone\":\"eu\"}}\n");
        Cli.Result done = join.result();
        assertThat(done.exit()).as(done.toString()).isZero();
        assertThat(done.out()).isEqualTo("joined workers as w1\nleft workers as w1\n");
        assertThat(Cli.run("members", "workers", "--url", url).out()).isEmpty();
    }

    @Test
    void joinPrintsARandomMemberIdAsJson() {
        Cli.Result r = Cli.run("join", "g", "--create", "--hold", "0", "--json", "--url", url);
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out().lines().findFirst().orElseThrow())
                .matches(
                        "\\{\"event\":\"joined\",\"group\":\"g\",\"member\":\"tooz-cli-[0-9a-f]{8}\",\"capabilities\":null}");
    }

    @Test
    void leaveOfANonMemberFails() {
        Cli.run("join", "g", "--create", "--hold", "0", "--url", url);
        Cli.Result r = Cli.run("leave", "g", "--url", url, "--member-id", "nobody");
        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).contains("nobody");
    }

    @Test
    void lockNotAcquiredExitsOneAndTokensIncrease() {
        Cli.Running holder = Cli.start("lock", "L", "--url", url, "--member-id", "holder", "--hold", "3s", "--json");
        holder.awaitOutput("\"event\":\"acquired\"");
        Cli.Result busy = Cli.run("lock", "L", "--url", url);
        assertThat(busy.exit()).as(busy.toString()).isEqualTo(1);
        assertThat(busy.err()).startsWith("tooz: lock L not acquired");
        Cli.Result timedOut = Cli.run("lock", "L", "--url", url, "--timeout", "300ms");
        assertThat(timedOut.exit()).isEqualTo(1);
        assertThat(timedOut.err()).contains("not acquired within 300ms");
        Cli.Result held = holder.result();
        assertThat(held.exit()).as(held.toString()).isZero();
        long first = token(held.out().lines().findFirst().orElseThrow());
        Cli.Result again = Cli.run("lock", "L", "--url", url, "--timeout", "5s");
        assertThat(again.exit()).as(again.toString()).isZero();
        assertThat(again.out()).startsWith("acquired lock L fencing token ").endsWith("released lock L\n");
        long second =
                Long.parseLong(again.out().lines().findFirst().orElseThrow().replaceAll("\\D+", ""));
        assertThat(second).isGreaterThan(first);
    }

    @Test
    void watchListsTheCurrentMembersAndLeaderFirst() throws Exception {
        try (Coordinator a = Coordinator.builder(url).memberId("a").build();
                Coordinator b = Coordinator.builder(url).memberId("b").build()) {
            a.start();
            b.start();
            a.joinGroupCreate("crew", Capabilities.none());
            b.joinGroup("crew").get();
            CountDownLatch elected = new CountDownLatch(1);
            a.watchElectedAsLeader("crew", e -> elected.countDown());
            assertThat(elected.await(10, TimeUnit.SECONDS)).isTrue();
            Cli.Result r = Cli.run("watch", "crew", "--url", url, "--for", "300ms");
            assertThat(r.exit()).as(r.toString()).isZero();
            assertThat(r.out()).isEqualTo("member crew a\nmember crew b\nleader crew a\n");
            Cli.Result json = Cli.run("watch", "crew", "--url", url, "--for", "300ms", "--json");
            assertThat(json.out().lines().map(l -> l.replaceAll(",\"time\":\"[^\"]+\"", "")))
                    .containsExactly(
                            "{\"event\":\"member\",\"group\":\"crew\",\"member\":\"a\"}",
                            "{\"event\":\"member\",\"group\":\"crew\",\"member\":\"b\"}",
                            "{\"event\":\"leader\",\"group\":\"crew\",\"member\":\"a\"}");
        }
    }

    private static long token(String jsonLine) {
        return Long.parseLong(jsonLine.replaceAll(".*\"fencingToken\":(\\d+).*", "$1"));
    }

    @Test
    void leaderAndWatch() throws Exception {
        assertThat(Cli.run("leader", "team", "--url", url).exit()).isEqualTo(1); // no group
        try (Coordinator boss = Coordinator.builder(url).memberId("boss").build();
                Coordinator other = Coordinator.builder(url).memberId("other").build()) {
            boss.start();
            other.start();
            boss.joinGroupCreate("team", Capabilities.of(Map.of("weight", 1)));
            Cli.Result none = Cli.run("leader", "team", "--url", url);
            assertThat(none.exit()).isEqualTo(1);
            assertThat(none.err()).contains("group team has no leader");
            CountDownLatch elected = new CountDownLatch(1);
            boss.watchElectedAsLeader("team", e -> elected.countDown());
            assertThat(elected.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(Cli.run("leader", "team", "--url", url).out()).isEqualTo("boss\n");
            assertThat(Cli.run("leader", "team", "--url", url, "--json").out())
                    .isEqualTo("{\"group\":\"team\",\"leader\":\"boss\"}\n");

            Cli.Running watch = Cli.start("watch", "team", "--url", url, "--for", "4s", "--leader-poll", "50ms");
            watch.awaitOutput("member team boss\nleader team boss\n");
            other.joinGroup("team").get();
            watch.awaitOutput("joined team other\n");
            other.leaveGroup("team").get();
            watch.awaitOutput("left team other\n");
            boss.stop();
            watch.awaitOutput("left team boss\n").awaitOutput("leader team -\n");
            Cli.Result r = watch.result();
            assertThat(r.exit()).as(r.toString()).isZero();
            // The leader is polled, so the last two lines may come in either order.
            assertThat(r.out().lines().limit(4))
                    .containsExactly("member team boss", "leader team boss", "joined team other", "left team other");
            assertThat(r.out().lines().skip(4)).containsExactlyInAnyOrder("left team boss", "leader team -");
        }
    }
}
