package io.tooz.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.tooz.Coordinator;
import org.junit.jupiter.api.Test;

/**
 * The driver is found from the fixture's URL and reports what the test declares: {@link Coordinator#features()}
 * equals the features of its {@link Backend} declaration, so the test runs exactly the contracts for its features.
 */
public interface RegistrationContract extends ContractSupport {

    @Test
    default void driverIsFoundAndDeclaresTheExpectedFeatures() {
        Coordinator c = newUnstartedCoordinator(b -> {});
        assertThat(c.features()).isEqualTo(declaredFeatures());
        assertThat(c.characteristics()).as("characteristics").isNotNull();
    }

    @Test
    default void featuresAndMemberIdDoNotDependOnStarting() {
        String member = randomMemberId();
        Coordinator c = newUnstartedCoordinator(b -> b.memberId(member));
        assertThat(c.memberId()).isEqualTo(member);
        assertThat(c.isStarted()).isFalse();
        c.start();
        assertThat(c.memberId()).isEqualTo(member);
        assertThat(c.features()).isEqualTo(declaredFeatures());
    }

    @Test
    default void defaultMemberIdsAreDistinct() {
        Coordinator a = newUnstartedCoordinator(b -> {});
        Coordinator b = newUnstartedCoordinator(x -> {});
        assertThat(a.memberId()).isNotBlank().isNotEqualTo(b.memberId());
    }
}
