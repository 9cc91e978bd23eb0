package io.tooz.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tooz.Feature;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.AbstractTestDescriptor;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.PostDiscoveryFilter;

/**
 * {@link ContractFilter} keeps exactly the contracts a declaration meets and refuses a declaration it cannot trust. The
 * fixtures are private nested classes, so that no discovery (surefire's or an IDE's) runs them.
 */
class ContractFilterTest {
    private final ContractFilter filter = new ContractFilter();

    @Test
    void theLauncherFindsTheFilterThroughServiceLoader() {
        assertThat(ServiceLoader.load(PostDiscoveryFilter.class).stream().map(ServiceLoader.Provider::type))
                .contains(ContractFilter.class);
    }

    @Test
    void aContractRunsExactlyWhenTheDeclarationMeetsItsNeeds() {
        assertThat(kept(NoHeartbeatExpiry.class, LockContract.class)).isTrue();
        assertThat(kept(NoHeartbeatExpiry.class, RegistrationContract.class)).isTrue();
        assertThat(kept(NoHeartbeatExpiry.class, HeartbeatContract.class)).isFalse();
        assertThat(kept(NoHeartbeatExpiry.class, UnreachableBackendContract.class))
                .isFalse();
        assertThat(kept(NoHeartbeatExpiry.class, PartitionContract.class)).isFalse();
        assertThat(kept(NoHeartbeatExpiry.class, SemaphoreContract.class)).isTrue();
        assertThat(kept(NoHeartbeatExpiry.class, SharedLockProcessContract.class))
                .isFalse();
        assertThat(kept(NoLockBreak.class, ReadWriteLockContract.class)).isTrue();
        assertThat(kept(NoLockBreak.class, ReadWriteLockBreakContract.class)).isFalse();
        assertThat(kept(NoSharedLocks.class, ReadWriteLockContract.class)).isFalse();
        assertThat(kept(NoSharedLocks.class, SemaphoreContract.class)).isFalse();
    }

    @Test
    void offeringAWorkerProcessImpliesAProxyAndANetwork() {
        assertThat(kept(WithWorkerProcess.class, SchedulerProcessContract.class))
                .isTrue();
        assertThat(kept(WithWorkerProcess.class, PartitionContract.class)).isTrue();
        assertThat(kept(WithWorkerProcess.class, UnreachableBackendContract.class))
                .isTrue();
        assertThat(kept(WithWorkerProcess.class, HeartbeatContract.class)).isTrue();
        assertThat(kept(WithWorkerProcess.class, SharedLockProcessContract.class))
                .isTrue();
        assertThat(kept(WithWorkerProcess.class, SharedLockPartitionContract.class))
                .isTrue();
    }

    @Test
    void aToozContractWithoutADeclarationFailsDiscovery() {
        assertThatThrownBy(() -> filter.apply(descriptor(ClassSource.from(Undeclared.class))))
                .hasMessageContaining("without declaring its backend");
    }

    @Test
    void aDeclarationOnAClassThatIsNotAToozContractFailsDiscovery() {
        assertThatThrownBy(() -> filter.apply(descriptor(ClassSource.from(NotAToozContract.class))))
                .hasMessageContaining("does not implement");
    }

    /** Whether the filter keeps a test of {@code contract} when {@code testClass} runs it. */
    private boolean kept(Class<?> testClass, Class<?> contract) {
        Method test = contract.getDeclaredMethods()[0];
        return filter.apply(descriptor(MethodSource.from(testClass, test))).included();
    }

    private static TestDescriptor descriptor(TestSource source) {
        return new AbstractTestDescriptor(UniqueId.root("test", "filter"), "filter", source) {
            @Override
            public Type getType() {
                return Type.TEST;
            }
        };
    }

    private abstract static class OnMemory implements ToozContract {
        @Override
        public DriverFixture fixture() {
            return DriverFixture.of("memory://contract-filter", Duration.ofSeconds(2));
        }
    }

    @Backend(lacks = Feature.HEARTBEAT_EXPIRY)
    private static class NoHeartbeatExpiry extends OnMemory {}

    @Backend(lacks = Feature.LOCK_BREAK)
    private static class NoLockBreak extends OnMemory {}

    @Backend(lacks = Feature.SHARED_LOCKS)
    private static class NoSharedLocks extends OnMemory {}

    @Backend(offers = Offer.WORKER_PROCESS)
    private static class WithWorkerProcess extends OnMemory {}

    private static class Undeclared extends OnMemory {}

    @Backend
    private abstract static class NotAToozContract implements LockContract {}
}
