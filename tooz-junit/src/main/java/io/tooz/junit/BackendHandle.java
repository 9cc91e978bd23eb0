package io.tooz.junit;

import io.tooz.Coordinator;
import io.tooz.CoordinatorBuilder;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** {@link ToozBackend} for one scope: what it creates, that scope owns. */
final class BackendHandle implements ToozBackend {
    private final Scope owner;
    private final String idBase;

    BackendHandle(Scope owner, String idBase) {
        this.owner = owner;
        this.idBase = idBase;
    }

    @Override
    public String url() {
        return owner.backend().url();
    }

    @Override
    public Map<String, String> options() {
        return owner.backend().options();
    }

    @Override
    public Duration ttl() {
        return owner.backend().ttl();
    }

    @Override
    public Optional<String> namespace() {
        return owner.backend().namespace();
    }

    @Override
    public CoordinatorBuilder builder() {
        return owner.backend().builder();
    }

    @Override
    public Coordinator newCoordinator() {
        return newCoordinator(b -> {});
    }

    @Override
    public Coordinator newCoordinator(String memberId) {
        return newCoordinator(b -> b.memberId(memberId));
    }

    @Override
    public Coordinator newCoordinator(Consumer<CoordinatorBuilder> customizer) {
        Tracked t = owner.backend().open(owner.backend().newMemberId(idBase), customizer);
        owner.adopt(t, false);
        return t.coordinator();
    }

    @Override
    public String toString() {
        return "ToozBackend[" + owner.backend() + "]";
    }
}
