package io.tooz.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.tooz.Coordinator;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** What the extension injects: started coordinators, each a distinct member, by id where asked, on one backend. */
@ToozTest
class InjectionTest {
    private static Coordinator shared;
    private final Coordinator fromConstructor;
    private Coordinator alice;

    InjectionTest(Coordinator fromConstructor) {
        this.fromConstructor = fromConstructor;
    }

    @BeforeAll
    static void startShared(@MemberId("shared") Coordinator c) {
        shared = c;
        c.joinGroupCreate("everyone");
    }

    @BeforeEach
    void startAlice(@MemberId("alice") Coordinator c) {
        alice = c;
    }

    @Test
    void everyParameterIsAStartedCoordinatorOfItsOwn(Coordinator a, Coordinator b) {
        assertThat(a.isStarted()).isTrue();
        assertThat(b.isStarted()).isTrue();
        assertThat(a).isNotSameAs(b);
        assertThat(a.memberId()).isNotEqualTo(b.memberId()).startsWith("everyParameterIsAStartedCoordinatorOfItsOwn-");
        a.joinGroupCreate("pair");
        b.joinGroup("pair").get();
        assertThat(a.getMembers("pair").get()).containsExactlyInAnyOrder(a.memberId(), b.memberId());
    }

    @Test
    void aMemberIdNamesOneCoordinatorPerTest(@MemberId("alice") Coordinator a, @MemberId("bob") Coordinator b) {
        assertThat(a).isSameAs(alice);
        assertThat(a.memberId()).isEqualTo("alice");
        assertThat(b.memberId()).isEqualTo("bob");
    }

    @Test
    void aClassCoordinatorIsSharedWithTheTestsOnTheSameBackend(@MemberId("shared") Coordinator s, Coordinator c) {
        assertThat(s).isSameAs(shared);
        c.joinGroup("everyone").get();
        assertThat(c.getMembers("everyone").get()).contains("shared", c.memberId());
    }

    @Test
    void theConstructorGetsAStartedCoordinatorOfTheTest(Coordinator c) {
        assertThat(fromConstructor.isStarted()).isTrue();
        assertThat(fromConstructor.memberId()).startsWith("InjectionTest-").isNotEqualTo(c.memberId());
    }

    @Test
    void theBackendHandleTellsTheBackendAndMakesMoreCoordinators(ToozBackend backend, Coordinator c) {
        assertThat(backend.url()).startsWith("memory://junit-InjectionTest-");
        assertThat(backend.namespace()).hasValue(backend.url().substring("memory://".length()));
        assertThat(backend.ttl()).isEqualTo(Duration.ofSeconds(2));
        assertThat(backend.options()).containsEntry("timeout", "2s");
        Coordinator more = backend.newCoordinator("carol");
        assertThat(more.isStarted()).isTrue();
        more.joinGroupCreate("made");
        assertThat(c.getMembers("made").get()).containsExactly("carol");
        try (Coordinator own = backend.builder().memberId("dave").build()) {
            own.start();
            assertThat(own.getGroups().get()).contains("made");
        }
    }

    /** A nested class uses the enclosing class's backend and sees its class coordinators. */
    @Nested
    class Inner {
        @Test
        void seesTheEnclosingBackend(@MemberId("shared") Coordinator s, ToozBackend backend) {
            assertThat(s).isSameAs(shared);
            assertThat(backend.url()).startsWith("memory://junit-InjectionTest-");
        }
    }
}
