package io.tooz.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Registers the {@link ToozExtension} on a test class and says which backend its coordinators use, with what TTL and
 * driver options. Test methods, lifecycle methods and constructors then take started {@link io.tooz.Coordinator}s,
 * {@link ToozFaults} and a {@link ToozBackend} as parameters; what they create is cleaned up after each test.
 *
 * <pre>{@code
 * @ToozTest                                   // memory://, or the URL in -Dtooz.test.url / TOOZ_TEST_URL
 * class ReportJobTest {
 *     @Test
 *     void onlyOneInstanceRunsTheReport(Coordinator a, Coordinator b) { ... }
 * }
 *
 * @ToozTest(backend = BackendKind.EMBEDDED_ZOOKEEPER, ttl = "1s")
 * class FailoverOnZooKeeperTest { ... }
 * }</pre>
 *
 * <p>Without this annotation, {@code @ExtendWith(ToozExtension.class)} behaves as {@code @ToozTest} with its
 * defaults. On a {@code @Nested} class the enclosing class's backend is used.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@ExtendWith(ToozExtension.class)
public @interface ToozTest {
    /** Where the coordinators connect; by default the configured URL, else {@code memory://}. */
    BackendKind backend() default BackendKind.CONFIGURED;

    /**
     * The membership TTL of every coordinator, in tooz's duration syntax ({@code 2s}, {@code 1500ms}, or seconds as
     * a number): given to the driver as its {@code timeout} option, which is the session timeout on ZooKeeper and the
     * member (and lock) TTL on the others. Short, so that expiry tests are fast; the backend may raise it to its
     * minimum (ZooKeeper's embedded server takes 1 s, etcd about 2 s).
     */
    String ttl() default "2s";

    /**
     * More driver options for every coordinator, each {@code "name=value"} as in a URL query, e.g. {@code
     * "watch_interval=200ms"}; they replace the extension's own ({@code timeout}, {@code namespace}) and the URL's.
     */
    String[] options() default {};
}
