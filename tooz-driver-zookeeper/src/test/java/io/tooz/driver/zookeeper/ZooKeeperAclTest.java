package io.tooz.driver.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tooz.Capabilities;
import io.tooz.Coordinator;
import io.tooz.ToozException;
import io.tooz.tck.ServerTest;
import io.tooz.tck.SharedServer;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Stat;
import org.apache.zookeeper.server.auth.DigestAuthenticationProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Credentials in the URL give every znode kazoo's digest ACL, and the password appears in no message. */
@Timeout(60)
@ServerTest
class ZooKeeperAclTest {
    private final String namespace = "tooz-acl-" + UUID.randomUUID();
    private final String url =
            "zookeeper://alice:s3cret@" + SharedServer.ZOOKEEPER.hostPort() + "?timeout=4&namespace=" + namespace;

    @BeforeAll
    static void serverIsUp() {
        SharedServer.ZOOKEEPER.require();
    }

    @Test
    void znodesGetTheDigestAclOfTheUrlCredentials() throws Exception {
        try (Coordinator c = Coordinator.builder(url).memberId("m1").build()) {
            c.start();
            c.joinGroupCreate("g", Capabilities.of(Map.of("weight", 1)));
            assertThat(c.getMemberCapabilities("g", "m1").get().getLong("weight"))
                    .contains(1L);

            ZooKeeper anonymous = new ZooKeeper(SharedServer.ZOOKEEPER.hostPort(), 4000, e -> {});
            try {
                String member = "/" + namespace + "/g/m1";
                assertThatThrownBy(() -> anonymous.getData(member, false, null)).hasMessageContaining("NoAuth");
                anonymous.addAuthInfo("digest", "alice:s3cret".getBytes(java.nio.charset.StandardCharsets.UTF_8));
                String digest = DigestAuthenticationProvider.generateDigest("alice:s3cret");
                List<ACL> acl = anonymous.getACL(member, new Stat());
                assertThat(acl)
                        .containsExactly(
                                new ACL(ZooDefs.Perms.ALL, new org.apache.zookeeper.data.Id("digest", digest)));
            } finally {
                anonymous.close();
            }
        }
    }

    @Test
    void wrongCredentialsFailWithoutShowingThePassword() {
        try (Coordinator owner = Coordinator.builder(url).memberId("owner").build();
                Coordinator intruder = Coordinator.builder(url.replace("s3cret", "guess"))
                        .memberId("x")
                        .build()) {
            owner.start();
            owner.joinGroupCreate("g");
            intruder.start();
            assertThatThrownBy(
                            () -> intruder.getMemberCapabilities("g", "owner").get())
                    .isInstanceOf(ToozException.class)
                    .hasMessageNotContaining("guess")
                    .hasMessageNotContaining("s3cret");
        }
    }
}
