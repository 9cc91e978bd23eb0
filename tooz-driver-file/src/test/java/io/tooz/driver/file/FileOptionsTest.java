package io.tooz.driver.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tooz.Characteristic;
import io.tooz.Coordinator;
import io.tooz.ToozConfigurationException;
import io.tooz.ToozConnectionException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** URLs and options: bad ones fail at build time naming the fix; an unusable directory fails at start naming it. */
@Timeout(60)
class FileOptionsTest {

    @Test
    void badUrlsAndOptionsAreRefusedAtBuildTime() {
        assertThatThrownBy(() ->
                        Coordinator.builder("file://host/tmp/x").memberId("m").build())
                .isInstanceOf(ToozConfigurationException.class)
                .hasMessageContaining("file:///absolute/path");
        assertThatThrownBy(() -> Coordinator.builder("file://").memberId("m").build())
                .isInstanceOf(ToozConfigurationException.class)
                .hasMessageContaining("names no directory");
        assertThatThrownBy(() -> Coordinator.builder("file:///tmp/x?timeout=0.1")
                        .memberId("m")
                        .build())
                .isInstanceOf(ToozConfigurationException.class)
                .hasMessageContaining("timeout");
        assertThatThrownBy(() -> Coordinator.builder("file:///tmp/x?namespace=a")
                        .memberId("m")
                        .build())
                .isInstanceOf(ToozConfigurationException.class)
                .hasMessageContaining("namespace");
        assertThatThrownBy(
                        () -> Coordinator.builder("ipc:///tmp/x").memberId("m").build())
                .isInstanceOf(ToozConfigurationException.class)
                .hasMessageContaining("file:///path");
        assertThatThrownBy(() -> Coordinator.builder("ipc://a:1").memberId("m").build())
                .isInstanceOf(ToozConfigurationException.class)
                .hasMessageContaining("letters, digits");
    }

    @Test
    void everyOptionPythonToozReadsIsAccepted() {
        // Python's file driver reads timeout and executor, its ipc driver executor (3.1.0 and master)
        for (String url : List.of("file:///tmp/x?timeout=10&executor=threaded", "ipc://n?executor=synchronous")) {
            try (Coordinator c = Coordinator.builder(url).memberId("m").build()) {
                assertThat(c.memberId()).as(url).isEqualTo("m");
            }
        }
        assertThatThrownBy(() -> Coordinator.builder("ipc://n?executor=threaded&executer=threaded")
                        .memberId("m")
                        .build())
                .isInstanceOf(ToozConfigurationException.class)
                .hasMessageContaining("executer");
    }

    @Test
    void aDirectoryThatCannotBeCreatedFailsAtStartNamingIt() throws Exception {
        Path file = Files.createTempFile("tooz-file-not-a-dir", ".txt");
        try (Coordinator c =
                Coordinator.builder("file://" + file + "/sub").memberId("m").build()) {
            assertThatThrownBy(c::start)
                    .isInstanceOf(ToozConnectionException.class)
                    .hasMessageContaining(file + "/sub")
                    .hasMessageContaining("writable by this user");
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void ipcIsTheFileDriverOnAPrivateDirectoryInDevShm() throws Exception {
        String name = "test-" + UUID.randomUUID();
        Path dir = Path.of("/dev/shm/tooz-ipc-" + name);
        try (Coordinator a = Coordinator.builder("ipc://" + name).memberId("a").build();
                Coordinator b =
                        Coordinator.builder("ipc://" + name).memberId("b").build()) {
            a.start();
            b.start();
            assertThat(a.characteristics())
                    .contains(Characteristic.DISTRIBUTED_ACROSS_PROCESSES)
                    .doesNotContain(Characteristic.DISTRIBUTED_ACROSS_HOSTS);
            a.joinGroupCreate("g");
            b.joinGroup("g").get();
            assertThat(a.getMembers("g").get()).containsExactlyInAnyOrder("a", "b");
            try (var lease = a.getLock("l").acquire()) {
                assertThat(b.getLock("l").tryAcquire()).isEmpty();
            }
            assertThat(Files.isDirectory(dir.resolve("groups"))).isTrue();
        } finally {
            TempDirs.remove(dir);
        }
    }
}
