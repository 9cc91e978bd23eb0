package io.tooz.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class UsageTest {

    @Test
    void noCommandIsAUsageError() {
        Cli.Result r = Cli.run();
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("missing command");
    }

    @Test
    void parseErrorsExitTwoWithOneLine() {
        Cli.Result r = Cli.run("members");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().lines())
                .singleElement()
                .asString()
                .startsWith("tooz: Missing required parameter: 'GROUP'")
                .endsWith("(see 'tooz members --help')");
        assertThat(Cli.run("nosuchcommand").exit()).isEqualTo(2);
        assertThat(Cli.run("groups", "--bogus").exit()).isEqualTo(2);
        assertThat(Cli.run("lock", "x", "--timeout", "1y").err()).contains("'1y' is not a duration");
    }

    @Test
    void badCapabilitiesJsonIsAUsageError() {
        Cli.Result r = Cli.run("join", "g", "--url", Cli.uniqueUrl(), "--capabilities", "{\"weight\": }");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--capabilities: invalid JSON at offset 11");
    }

    @Test
    void badOptionSyntaxIsAUsageError() {
        Cli.Result r = Cli.run("groups", "--url", Cli.uniqueUrl(), "--option", "novalue");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--option expects NAME=VALUE");
    }

    @Test
    void leaveNeedsAMemberId() {
        Cli.Result r = Cli.run("leave", "g");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("leave needs --member-id");
    }

    @Test
    void helpAndVersionExitZero() {
        Cli.Result help = Cli.run("--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("hashring", "demo", "Exit codes");
        assertThat(Cli.run("lock", "--help").out()).contains("--timeout", "--url", "--member-id", "--json");
        assertThat(Cli.run("--version").out()).startsWith("tooz ");
    }

    @Test
    void everyCommandTakesJson() {
        var root = ToozCli.commandLine(
                new java.io.ByteArrayInputStream(new byte[0]),
                new java.io.PrintWriter(new java.io.StringWriter()),
                new java.io.PrintWriter(new java.io.StringWriter()));
        assertThat(root.getSubcommands()).containsKeys("create", "delete", "bench", "demo", "worker", "server");
        root.getSubcommands()
                .forEach((name, cmd) -> assertThat(cmd.getCommandSpec().findOption("--json"))
                        .as(name)
                        .isNotNull());
    }

    @Test
    void durations() {
        assertThat(DurationConverter.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(DurationConverter.parse("10s")).isEqualTo(Duration.ofSeconds(10));
        assertThat(DurationConverter.parse("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(DurationConverter.parse("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(DurationConverter.parse("3")).isEqualTo(Duration.ofSeconds(3));
        assertThat(DurationConverter.parse("1.5")).isEqualTo(Duration.ofMillis(1500));
        assertThat(DurationConverter.parse("0")).isEqualTo(Duration.ZERO);
        for (String bad : new String[] {"", "-1s", "1d", "s", "1.0001s"}) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> DurationConverter.parse(bad))
                    .as(bad)
                    .isInstanceOf(TypeConversionException.class);
        }
    }
}
