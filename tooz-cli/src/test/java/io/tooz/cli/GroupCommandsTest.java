package io.tooz.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code tooz create} and {@code tooz delete}, and errors under {@code --json}, on memory://. */
class GroupCommandsTest {
    private final String url = Cli.uniqueUrl();

    @Test
    void createThenDeleteAGroup() {
        Cli.Result created = Cli.run("create", "g", "--url", url);
        assertThat(created.exit()).as(created.toString()).isZero();
        assertThat(created.out()).isEqualTo("created group g\n");
        assertThat(Cli.run("groups", "--url", url).out()).isEqualTo("g\n");

        Cli.Result again = Cli.run("create", "g", "--url", url);
        assertThat(again.exit()).as(again.toString()).isEqualTo(1);
        assertThat(again.err()).startsWith("tooz: group g already exists");

        Cli.Result deleted = Cli.run("delete", "g", "--url", url);
        assertThat(deleted.exit()).as(deleted.toString()).isZero();
        assertThat(deleted.out()).isEqualTo("deleted group g\n");
        assertThat(Cli.run("groups", "--url", url).out()).isEmpty();

        Cli.Result missing = Cli.run("delete", "g", "--url", url);
        assertThat(missing.exit()).as(missing.toString()).isEqualTo(1);
        assertThat(missing.err()).startsWith("tooz: group g does not exist");
    }

    @Test
    void deletingAGroupWithMembersFailsNamingThem() {
        Cli.Running join = Cli.start("join", "busy", "--create", "--url", url, "--member-id", "w1", "--hold", "2s");
        join.awaitOutput("joined busy as w1");
        Cli.Result r = Cli.run("delete", "busy", "--url", url);
        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.err())
                .startsWith("tooz: group busy is not empty: 1 member (w1); each must leave first")
                .contains("tooz leave busy --member-id ID");
        assertThat(join.result().exit()).isZero();
        assertThat(Cli.run("delete", "busy", "--url", url).exit()).isZero();
    }

    @Test
    void createAndDeleteAsJson() {
        assertThat(Cli.run("create", "g", "--url", url, "--json").out())
                .isEqualTo("{\"event\":\"created\",\"group\":\"g\"}\n");
        assertThat(Cli.run("--json", "delete", "g", "--url", url).out())
                .isEqualTo("{\"event\":\"deleted\",\"group\":\"g\"}\n");
    }

    @Test
    void errorsUnderJsonAreOneJsonObjectOnStderrWithTheExitCodesMeaning() {
        Cli.Result failed = Cli.run("delete", "nope", "--url", url, "--json");
        assertThat(failed.exit()).isEqualTo(1);
        assertThat(failed.out()).isEmpty();
        assertThat(error(failed))
                .containsEntry("error", "group nope does not exist (see 'tooz groups')")
                .containsEntry("exit", 1L)
                .containsEntry("meaning", "failed");

        Cli.Result usage = Cli.run("--json", "members");
        assertThat(usage.exit()).isEqualTo(2);
        assertThat(error(usage)).containsEntry("exit", 2L).containsEntry("meaning", "usage");
        assertThat((String) error(usage).get("error")).startsWith("Missing required parameter: 'GROUP'");

        Cli.Result badUrl = Cli.run("groups", "--json", "--url", "nosuch://h");
        assertThat(badUrl.exit()).isEqualTo(2);
        assertThat(error(badUrl)).containsEntry("meaning", "usage");

        Cli.Result noCommand = Cli.run("--json");
        assertThat(error(noCommand)).containsEntry("exit", 2L).containsEntry("meaning", "usage");
    }

    @Test
    void anUnreachableBackendUnderJsonSaysConnection() {
        Cli.Result r = Cli.run("groups", "--json", "--url", "redis://127.0.0.1:1?timeout=2");
        assertThat(r.exit()).as(r.toString()).isEqualTo(3);
        assertThat(error(r)).containsEntry("exit", 3L).containsEntry("meaning", "connection");
    }

    /** The one line on stderr, parsed as a JSON object. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> error(Cli.Result r) {
        assertThat(r.err().lines()).as(r.toString()).hasSize(1);
        return (Map<String, Object>) Json.parse(r.err().strip());
    }
}
