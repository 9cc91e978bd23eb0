package io.tooz.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tooz.Characteristic;
import io.tooz.Coordinator;
import io.tooz.ToozConfigurationException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** URLs copied from Python tooz: aliases, backends we lack, drivers not on the classpath, options Python reads. */
class PythonSchemesTest {
    @Test
    void zakeIsAnAliasOfMemory() {
        try (Coordinator zake = Coordinator.builder("zake://")
                        .memberId("a")
                        .option("storage", "ignored")
                        .requireCharacteristics(
                                Characteristic.NON_TIMEOUT_BASED, Characteristic.DISTRIBUTED_ACROSS_THREADS)
                        .build();
                Coordinator memory =
                        Coordinator.builder("memory://default").memberId("b").build()) {
            zake.start();
            memory.start();
            zake.getLock("zake-alias").acquire();
            assertThat(memory.getLock("zake-alias").tryAcquire()).isEmpty();
        }
    }

    @Test
    void pythonBackendsWeLackSayNotSupportedYet() {
        for (String url : new String[] {"consul://127.0.0.1:8500", "kubernetes://?namespace=x"}) {
            assertThatThrownBy(() -> Coordinator.builder(url).build())
                    .isInstanceOf(ToozConfigurationException.class)
                    .hasMessageContaining("is not supported by Tooz for Java yet")
                    .hasMessageContaining("supported schemes: ")
                    .hasMessageContaining("zookeeper")
                    .hasMessageNotContaining("add the driver module");
        }
    }

    @Test
    void aSchemeOfADriverNotOnTheClasspathNamesItsModule() {
        // the core's tests have no driver module on the classpath
        assertThatThrownBy(() -> Coordinator.builder("etcd://localhost:2379").build())
                .hasMessageContaining("add the driver module tooz-driver-etcd");
        assertThatThrownBy(() ->
                        Coordinator.builder("rediss://u:hunter2@localhost").build())
                .hasMessageContaining("add the driver module tooz-driver-redis")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> Coordinator.builder("mongodb://localhost").build())
                .hasMessageContaining("no Tooz for Java or Python tooz backend has this scheme");
    }

    @Test
    void optionsPythonReadsButTheJvmCannotUseAreLoggedOnceAtInfo() {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream stderr = System.err;
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        try (Coordinator c = Coordinator.builder("zake://?storage=x").build()) {
            c.start();
        } finally {
            System.setErr(stderr);
        }
        String text = log.toString(StandardCharsets.UTF_8);
        assertThat(text.split("ignoring storage of zake://", -1)).hasSize(2);
        assertThat(text).contains("INFO");
        assertThatThrownBy(() -> Coordinator.builder("memory://x?storage=x").build())
                .hasMessageContaining("unknown option storage for memory://");
    }
}
