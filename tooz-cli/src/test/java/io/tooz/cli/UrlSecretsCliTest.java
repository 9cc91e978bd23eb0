package io.tooz.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tooz.Coordinator;
import io.tooz.CoordinatorBuilder;
import io.tooz.tck.OutputCapture;
import io.tooz.tck.SecretUrls;
import io.tooz.tck.SecretUrls.Case;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No output of the {@code tooz} command or of a driver (stdout, stderr, exceptions with their causes, {@code
 * toString()}, log lines through slf4j-simple or java.util.logging) shows any part of a URL's password, nor of the
 * user of a malformed URL: the corpus of {@link SecretUrls} on every scheme, through the CLI's commands and, for URLs
 * that parse, through each driver failing to connect (a closed port, another service's port, the right server with
 * the wrong password) on the loopback backends of {@code scripts/backends.sh}.
 */
class UrlSecretsCliTest {
    static {
        // where tooz logs about a URL, at every level (loggers made before this line keep their level)
        System.setProperty("org.slf4j.simpleLogger.log.io.tooz", "trace");
    }

    private static final String CLOSED = "127.0.0.1:1";

    /** A port of another service than the scheme's, running on loopback. */
    private static final Map<String, String> OTHER_SERVICE = Map.of(
            "zookeeper", "127.0.0.1:6379",
            "kazoo", "127.0.0.1:5432",
            "redis", "127.0.0.1:2181",
            "rediss", "127.0.0.1:6379",
            "postgresql", "127.0.0.1:3306",
            "mysql", "127.0.0.1:5432",
            "etcd3+http", "127.0.0.1:11211",
            "etcd3+https", "127.0.0.1:2379",
            "memcached", "127.0.0.1:2181");

    /** The scheme's own server, which does not know the corpus's user and password. */
    private static final Map<String, String> OWN_SERVICE = Map.of(
            "zookeeper", "127.0.0.1:2181",
            "redis", "127.0.0.1:6379",
            "postgresql", "127.0.0.1:5432",
            "mysql", "127.0.0.1:3306",
            "etcd3+http", "127.0.0.1:2379",
            "memcached", "127.0.0.1:11211");

    /** The path a URL of the scheme needs to reach its server (file:// gets a temporary directory). */
    private static final Map<String, String> PATHS = Map.of("postgresql", "/tooz", "mysql", "/tooz");

    @Test
    void commandsNeverShowAMalformedUrlsUserOrPassword() {
        List<Case> corpus = new ArrayList<>();
        for (String scheme : SecretUrls.SCHEMES) {
            corpus.addAll(SecretUrls.malformed(scheme, CLOSED));
        }
        corpus.add(SecretUrls.noScheme(CLOSED));
        List<List<String>> commands = List.of(
                List.of("members", "g"),
                List.of("lock", "l"),
                List.of("leader", "g"),
                List.of("join", "g"),
                List.of("watch", "g", "--for", "1s"),
                List.of("bench", "--duration", "1s"),
                List.of("--json", "groups"));
        for (int i = 0; i < corpus.size(); i++) { // every case with groups, and in turn with each other command
            Case c = corpus.get(i);
            for (List<String> command : List.of(List.of("groups"), commands.get(i % commands.size()))) {
                List<String> args = new ArrayList<>(List.of("--url", c.url(), "--member-id", "m"));
                args.addAll(command);
                Cli.Result r = run(c, args);
                assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
            }
            List<List<String>> misplaced = List.of(
                    List.of("--url=" + c.url(), "drivers"), // the URL is not used: any outcome, no secret
                    List.of("groups", c.url()), // a URL without --url, quoted by the argument parser
                    List.of("--urll", c.url(), "groups"),
                    List.of("--urll=" + c.url(), "groups"));
            run(c, misplaced.get(i % misplaced.size()));
        }
    }

    @Test
    void argumentErrorsShowAUrlRedacted() {
        Case c = new Case("redis://Us3rQ:S3cr3tPw@127.0.0.1:1", List.of("S3cr3tPw"));
        Cli.Result r = run(c, List.of("groups", c.url()));
        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("Unmatched argument", "'redis://***@127.0.0.1:1'");
        r = run(c, List.of("--urll=" + c.url(), "groups"));
        assertThat(r.err()).contains("--urll=redis://***@127.0.0.1:1");
        Case bad = new Case("postgresql://Us3rQ:S3cr3t#Pw@127.0.0.1/tooz", List.of("S3cr3t#Pw", "Us3rQ"));
        r = run(bad, List.of("groups", bad.url()));
        assertThat(r.err()).contains("'postgresql://***@127.0.0.1/tooz'");
    }

    @Test
    void namesThatLookLikeUserInformationAreShownAsGiven() {
        String url = Cli.uniqueUrl();
        Cli.Result r = Cli.run("--url", url, "members", "team:alpha");
        assertThat(r.err()).as(r.toString()).contains("team:alpha");
        r = Cli.run("--url", url, "--member-id", "me@host1", "lock", "l:1");
        assertThat(r.out()).as(r.toString()).contains("acquired lock l:1");
        r = Cli.run("--url", url, "--member-id", "me@host1", "--json", "join", "g", "--create");
        assertThat(r.out()).as(r.toString()).contains("me@host1");
    }

    @Test
    void anOptionGivenTwiceTakesItsLastValue() {
        Cli.Result r = Cli.run(
                "--url",
                "memory://dup?timeout=bogus&timeout=10",
                "-o",
                "watch_interval=x",
                "-o",
                "watch_interval=1s",
                "groups");
        assertThat(r.exit()).as(r.toString()).isZero();
        r = Cli.run("--url", "memory://dup", "-o", "timeout=10", "groups", "-o", "timeout=bogus");
        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("option 'timeout'", "'bogus'");
    }

    @Test
    void optionsNeverShowASecretValue() {
        Case c = new Case("memory://x", List.of("S3cr3tPw"));
        run(c, List.of("--url", "memory://x", "-o", "password=S3cr3tPw", "groups"));
        run(c, List.of("--url", "memory://x", "-o", "password:S3cr3tPw", "groups"));
        run(c, List.of("--url", "memory://x", "-o", "=S3cr3tPw", "groups"));
        run(c, List.of("--url", "redis://127.0.0.1:6379?password=S3cr3tPw&timeout=1", "groups"));
        // hosts given by option, with user information by mistake
        for (List<String> given : List.of(
                List.of("zookeeper://?timeout=1", "hosts=Us3rQ:S3cr3tPw@127.0.0.1:1"),
                List.of("redis://127.0.0.1:1?timeout=1&sentinel=m", "sentinel_fallback=Us3rQ:S3cr3tPw@127.0.0.1:1"),
                List.of("postgresql://127.0.0.1:1/tooz?timeout=1", "host=Us3rQ:S3cr3tPw@127.0.0.1"),
                List.of("etcd3+http://?timeout=1", "endpoints=http://Us3rQ:S3cr3tPw@127.0.0.1:1"),
                List.of("etcd3+http://?timeout=1", "endpoints=Us3rQ:S3cr3tPw@127.0.0.1:1"))) {
            Cli.Result r = run(c, List.of("--url", given.get(0), "-o", given.get(1), "groups"));
            assertThat(r.err()).contains("'@'");
            String[] option = given.get(1).split("=", 2);
            startAndStop(c, Coordinator.builder(given.get(0)).option(option[0], option[1]));
        }
        run(
                c,
                List.of(
                        "--url",
                        "redis://127.0.0.1:1?timeout=1",
                        "-o",
                        "sentinel=m",
                        "-o",
                        "sentinel_password=S3cr3tPw",
                        "groups"));
    }

    @Test
    void driversNeverShowAPasswordWhenTheyCannotConnect(@TempDir Path dir) {
        for (String scheme : SecretUrls.SCHEMES) {
            List<String> targets = new ArrayList<>(List.of(CLOSED));
            if (OTHER_SERVICE.containsKey(scheme)) {
                targets.add(OTHER_SERVICE.get(scheme));
            }
            if (OWN_SERVICE.containsKey(scheme)) {
                targets.add(OWN_SERVICE.get(scheme));
            }
            if (scheme.equals("file")) {
                targets.add(""); // file://USER:PASSWORD@/tmp/...: no host
            }
            for (String target : targets) {
                String path = scheme.equals("file") ? dir.toString() : PATHS.getOrDefault(scheme, "");
                List<Case> cases = SecretUrls.wellFormed(scheme, target, path, "timeout=1");
                for (int i = 0; i < cases.size(); i++) {
                    Case c = cases.get(i);
                    if (i == 0 || i == 1) {
                        startAndStop(c); // through the library
                    }
                    if (i == 0 || target.equals(CLOSED)) {
                        run(c, List.of("--url", c.url(), "--member-id", "m", "groups")); // and the command
                    }
                }
            }
        }
    }

    /** Runs the command with its output captured, and checks that nothing it shows has a secret of {@code c}. */
    private static Cli.Result run(Case c, List<String> args) {
        Cli.Result r;
        String logged;
        try (OutputCapture capture = new OutputCapture()) {
            r = Cli.run(args.toArray(String[]::new));
            logged = capture.text();
        }
        SecretUrls.assertHidden(c, "tooz " + String.join(" ", args), r.toString());
        SecretUrls.assertHidden(c, "the log of tooz " + String.join(" ", args), logged);
        return r;
    }

    /** Builds, starts and closes a coordinator on the case's URL; nothing it shows may have a secret. */
    private static void startAndStop(Case c) {
        startAndStop(c, Coordinator.builder(c.url()));
    }

    private static void startAndStop(Case c, CoordinatorBuilder builder) {
        StringBuilder seen = new StringBuilder();
        try (OutputCapture capture = new OutputCapture()) {
            try (Coordinator coordinator = builder.memberId("m").build()) {
                seen.append(coordinator).append('\n');
                coordinator.start();
                seen.append(coordinator).append('\n');
                seen.append(coordinator.getGroups().get()).append('\n');
            } catch (RuntimeException e) {
                seen.append(OutputCapture.describe(e));
            }
            sleepForBackgroundLogs();
            SecretUrls.assertHidden(c, "a coordinator", seen.toString());
            SecretUrls.assertHidden(c, "the log of a coordinator", capture.text());
        }
    }

    private static void sleepForBackgroundLogs() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
