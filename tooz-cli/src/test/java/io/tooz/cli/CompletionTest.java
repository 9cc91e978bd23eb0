package io.tooz.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The shell completion the build generates (exec-maven-plugin, picocli.AutoComplete) loads in bash and completes. */
class CompletionTest {
    private static final Path SCRIPT = Path.of(System.getProperty("tooz.completion", "target/tooz-completion.bash"));

    @Test
    void theBuildGeneratesAScriptThatBashLoads() throws Exception {
        assertThat(SCRIPT).as("generated at process-classes").isRegularFile();
        assertThat(bash("complete -p tooz")).isEqualTo("complete -o default -F _complete_tooz tooz");
    }

    @Test
    void itCompletesCommandsAndTheirOptions() throws Exception {
        assertThat(complete("tooz", "cr")).isEqualTo("create");
        assertThat(complete("tooz", "de")).isEqualTo("delete demo");
        assertThat(complete("tooz", "lock", "x", "--ti")).isEqualTo("--timeout");
        assertThat(complete("tooz", "bench", "--dur")).isEqualTo("--duration");
    }

    /** What bash offers for the last of {@code words}, as the shell would ask for it on TAB. */
    private static String complete(String... words) throws Exception {
        String line = String.join(" ", words);
        return bash("COMP_WORDS=(" + line + "); COMP_CWORD=" + (words.length - 1) + "; COMP_LINE='" + line
                + "'; COMP_POINT=" + line.length() + "; _complete_tooz 2>/dev/null; echo \"${COMPREPLY[*]}\"");
    }

    private static String bash(String script) throws Exception {
        Process p = new ProcessBuilder("bash", "-c", "source \"$0\" && " + script, SCRIPT.toString())
                .redirectErrorStream(false)
                .start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(err).isZero();
        return out.strip();
    }
}
