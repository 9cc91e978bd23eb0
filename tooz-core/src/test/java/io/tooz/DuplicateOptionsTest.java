package io.tooz;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** An option given twice takes its last value (Python tooz's {@code collapse}), silently. */
class DuplicateOptionsTest {
    @Test
    void theLastValueInTheQueryWins() {
        assertThatCode(() -> Coordinator.builder("memory://dup?timeout=bogus&timeout=10")
                        .build()
                        .close())
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> Coordinator.builder("memory://dup?timeout=10&timeout=bogus")
                        .build())
                .isInstanceOf(ToozConfigurationException.class)
                .hasMessageContaining("option 'timeout'")
                .hasMessageContaining("'bogus'");
    }

    @Test
    void theBuildersLastValueWinsOverTheQuery() {
        assertThatCode(() -> Coordinator.builder("memory://dup?timeout=bogus")
                        .option("timeout", "bogus")
                        .option("timeout", "10")
                        .build()
                        .close())
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> Coordinator.builder("memory://dup?timeout=10")
                        .option("timeout", "bogus")
                        .build())
                .hasMessageContaining("'bogus'");
    }
}
