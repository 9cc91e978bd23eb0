package io.tooz.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The tooz jar has no benchmarks (tooz-bench's jar has, with their tests); its {@code bench} says where they are. */
class BenchCommandTest {

    @Test
    void benchSaysWhereTheBenchmarksAreAndFails() {
        Cli.Result r = Cli.run("bench", "--url", Cli.uniqueUrl(), "--duration", "1s");
        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().strip())
                .startsWith("tooz: bench is not in this jar")
                .contains("./tooz bench", "java -jar tooz-bench/target/tooz-bench-<version>-all.jar");
        assertThat(Cli.run("bench").exit()).isEqualTo(2);
    }

    @Test
    void underJsonTheMessageIsAJsonError() {
        Cli.Result r = Cli.run("bench", "--json");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(GroupCommandsTest.error(r))
                .containsEntry("meaning", "usage")
                .containsEntry("error", BenchCommand.NOT_HERE);
    }

    @Test
    void helpStillDescribesTheBenchmarks() {
        Cli.Result r = Cli.run("bench", "--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("Usage: tooz bench", "How to read it");
    }
}
