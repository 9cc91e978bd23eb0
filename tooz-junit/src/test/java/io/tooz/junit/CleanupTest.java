package io.tooz.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.tooz.Coordinator;
import io.tooz.LockLease;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/** What the extension cleans up after a test and after a test class, seen from outside the scenario's run. */
class CleanupTest {

    @Test
    void aTestsCoordinatorsAreClosedItsGroupsDeletedAndItsLocksFreedBeforeTheNextTest() {
        Recorded.clear();
        TestExecutionSummary summary = Scenarios.run(TwoTests.class);
        assertThat(summary.getTotalFailureCount())
                .as(Scenarios.failures(summary))
                .isZero();
        assertThat(summary.getTestsSucceededCount()).isEqualTo(2);
        assertThat(Recorded.coordinators).hasSize(5).allSatisfy(c -> assertThat(c.isStarted())
                .isFalse());
    }

    @Test
    void aGroupWithAMemberTheExtensionDoesNotOwnIsLeft() {
        Recorded.clear();
        TestExecutionSummary summary = Scenarios.run(OwnCoordinator.class);
        assertThat(summary.getTotalFailureCount())
                .as(Scenarios.failures(summary))
                .isZero();
        assertThat(summary.getTestsSucceededCount()).isEqualTo(2);
    }

    @Test
    void aCoordinatorTheTestClosedItselfIsCleanedUpQuietly() {
        Recorded.clear();
        TestExecutionSummary summary = Scenarios.run(ClosedTwice.class);
        assertThat(summary.getTotalFailureCount())
                .as(Scenarios.failures(summary))
                .isZero();
        assertThat(summary.getTestsSucceededCount()).isEqualTo(1);
    }

    @Test
    void aBackendHandleInjectedIntoTheConstructorMakesCoordinatorsOfTheTest() {
        Recorded.clear();
        TestExecutionSummary summary = Scenarios.run(ConstructorHandle.class);
        assertThat(summary.getTotalFailureCount())
                .as(Scenarios.failures(summary))
                .isZero();
        assertThat(summary.getTestsSucceededCount()).isEqualTo(2);
        assertThat(Recorded.coordinators).hasSize(2).allSatisfy(c -> assertThat(c.isStarted())
                .isFalse());
    }

    static final class Recorded {
        static final List<Coordinator> coordinators = new CopyOnWriteArrayList<>();
        static volatile Coordinator classCoordinator;
        static volatile Coordinator ownCoordinator;

        static void clear() {
            coordinators.clear();
            classCoordinator = null;
            ownCoordinator = null;
        }
    }

    /**
     * The first test leaves a group, a held lock and joined members behind; the second finds none of it, while the
     * class's own group and coordinator last until the class ends.
     */
    @ToozTest
    @EnabledIf("io.tooz.junit.Scenarios#launched")
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class TwoTests {
        private final Coordinator fromConstructor;

        TwoTests(Coordinator fromConstructor) {
            this.fromConstructor = fromConstructor;
        }

        @BeforeAll
        static void classGroup(@MemberId("class-member") Coordinator c) {
            Recorded.classCoordinator = c;
            c.joinGroupCreate("class-group");
        }

        @Test
        @Order(1)
        void leavesThingsBehind(Coordinator a, Coordinator b, ToozBackend backend) {
            Recorded.coordinators.addAll(List.of(fromConstructor, a, b));
            a.joinGroupCreate("test-group");
            b.joinGroup("test-group").get();
            a.createGroup("empty-group").get();
            a.getLock("held").acquire(Duration.ofSeconds(2)); // never released by the test
            Coordinator extra = backend.newCoordinator();
            Recorded.coordinators.add(extra);
            extra.joinGroup("test-group").get();
            assertThat(fromConstructor.getGroups().get())
                    .containsExactlyInAnyOrder("class-group", "test-group", "empty-group");
        }

        @Test
        @Order(2)
        void findsNothingLeft(Coordinator c) {
            assertThat(Recorded.coordinators).hasSize(4).allSatisfy(x -> assertThat(x.isStarted())
                    .isFalse());
            assertThat(Recorded.classCoordinator.isStarted()).isTrue();
            assertThat(c.getGroups().get()).containsExactly("class-group");
            assertThat(c.getMembers("class-group").get()).containsExactly("class-member");
            try (LockLease lease = c.getLock("held").tryAcquire().orElseThrow()) {
                assertThat(lease.fencingToken()).isEqualTo(2);
            }
            Recorded.coordinators.add(fromConstructor);
        }

        @AfterAll
        static void classCoordinatorStillOpen() {
            assertThat(Recorded.classCoordinator.isStarted()).isTrue();
        }
    }

    /** A group that still has a member of a coordinator the test built itself stays; an empty one goes. */
    @ToozTest
    @EnabledIf("io.tooz.junit.Scenarios#launched")
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class OwnCoordinator {
        @Test
        @Order(1)
        void joinsWithItsOwnCoordinator(ToozBackend backend, Coordinator c) {
            Coordinator own = backend.builder().memberId("own").build();
            own.start();
            Recorded.ownCoordinator = own;
            own.joinGroupCreate("kept");
            c.joinGroup("kept").get();
            c.createGroup("dropped").get();
        }

        @Test
        @Order(2)
        void findsTheGroupWithTheOwnMember(Coordinator c) {
            try {
                assertThat(c.getGroups().get()).containsExactly("kept");
                assertThat(c.getMembers("kept").get()).containsExactly("own");
            } finally {
                Recorded.ownCoordinator.close();
            }
        }
    }

    /** The handle a constructor gets makes coordinators that the test owns, closed after it. */
    @ToozTest
    @EnabledIf("io.tooz.junit.Scenarios#launched")
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class ConstructorHandle {
        private final ToozBackend backend;

        ConstructorHandle(ToozBackend backend) {
            this.backend = backend;
        }

        @Test
        @Order(1)
        void makesOne() {
            Recorded.coordinators.add(backend.newCoordinator());
        }

        @Test
        @Order(2)
        void findsItClosed() {
            assertThat(Recorded.coordinators).singleElement().satisfies(c -> assertThat(c.isStarted())
                    .isFalse());
            Recorded.coordinators.add(backend.newCoordinator());
        }
    }

    /** A coordinator the test stopped itself is fine to clean up. */
    @ToozTest
    @EnabledIf("io.tooz.junit.Scenarios#launched")
    static class ClosedTwice {
        @Test
        void stopsItsCoordinator(Coordinator c) {
            c.close();
        }

        @AfterEach
        void stillUsable(ToozBackend backend) {
            assertThat(backend.url()).startsWith("memory://");
        }
    }
}
