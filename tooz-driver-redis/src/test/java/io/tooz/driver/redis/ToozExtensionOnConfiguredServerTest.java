package io.tooz.driver.redis;

import io.tooz.tck.ConfiguredServerScenario;
import io.tooz.tck.SharedServer;
import org.junit.jupiter.api.Test;

/** tooz-junit's extension on the shared Redis named by {@code tooz.test.url}: {@link ConfiguredServerScenario}. */
class ToozExtensionOnConfiguredServerTest {
    @Test
    void aTestClassRunsInANamespaceOfItsOwnOnTheConfiguredServer() {
        SharedServer.REDIS.require();
        ConfiguredServerScenario.run("redis://" + SharedServer.REDIS.hostPort());
    }
}
