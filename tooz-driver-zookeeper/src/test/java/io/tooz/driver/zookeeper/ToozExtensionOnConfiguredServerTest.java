package io.tooz.driver.zookeeper;

import io.tooz.tck.ConfiguredServerScenario;
import io.tooz.tck.SharedServer;
import org.junit.jupiter.api.Test;

/** tooz-junit's extension on the shared ZooKeeper named by {@code tooz.test.url}: {@link ConfiguredServerScenario}. */
class ToozExtensionOnConfiguredServerTest {
    @Test
    void aTestClassRunsInANamespaceOfItsOwnOnTheConfiguredServer() {
        SharedServer.ZOOKEEPER.require();
        ConfiguredServerScenario.run("zookeeper://" + SharedServer.ZOOKEEPER.hostPort());
    }
}
