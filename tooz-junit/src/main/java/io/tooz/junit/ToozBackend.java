package io.tooz.junit;

import io.tooz.Coordinator;
import io.tooz.CoordinatorBuilder;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The backend of a {@link ToozTest} class, injected as a parameter: what the extension connects to, and more
 * coordinators when parameters are not enough (a number only known at run time, a custom watch mode).
 *
 * <p>Coordinators from {@code newCoordinator} belong to the test (or, for a handle injected into a {@code @BeforeAll}
 * method, to the test class) exactly as injected ones do: started, reached through the extension's proxy, subject to
 * {@link ToozFaults#cutOff}, and closed after it.
 */
public interface ToozBackend {

    /**
     * The backend's URL without the extension's options: the configured URL as given (password included), the
     * embedded ZooKeeper's, or {@code memory://NAME}. The extension's own coordinators may connect through a proxy in
     * front of it.
     */
    String url();

    /**
     * The driver options every coordinator gets: {@code timeout} (the {@linkplain #ttl() TTL}), {@code namespace}
     * where the extension isolates the test class in one, and {@link ToozTest#options()}.
     */
    Map<String, String> options();

    /** The membership TTL the coordinators are given ({@link ToozTest#ttl()}). */
    Duration ttl();

    /**
     * The namespace the extension made for the test class (the driver's {@code namespace} option on ZooKeeper and
     * Redis, the name of a {@code memory://} backend), or empty where the driver has none or the URL or the options
     * set their own.
     */
    Optional<String> namespace();

    /**
     * A builder for {@link #url()} with {@link #options()}, for a coordinator the test owns: not started, not
     * proxied, not closed by the extension.
     */
    CoordinatorBuilder builder();

    /** A started coordinator with a generated member id, owned by the extension as an injected one is. */
    Coordinator newCoordinator();

    /**
     * A started coordinator with this member id, owned by the extension; a new one on every call (unlike {@link
     * MemberId}), for a member that comes back with its old id.
     */
    Coordinator newCoordinator(String memberId);

    /**
     * A started coordinator configured by {@code customizer} on top of the extension's settings (a watch mode, more
     * options, a member id), owned by the extension.
     */
    Coordinator newCoordinator(Consumer<CoordinatorBuilder> customizer);
}
