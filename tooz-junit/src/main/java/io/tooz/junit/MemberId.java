package io.tooz.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The member id of an injected {@link io.tooz.Coordinator}. Within one test, every parameter with the same id gets
 * the same coordinator, so a {@code @BeforeEach} method and the test method can share one; a coordinator of the test
 * class (from a {@code @BeforeAll} method) with that id is shared with every test. Without this annotation each
 * parameter gets a coordinator of its own with a generated id.
 *
 * <pre>{@code
 * @Test
 * void theLeaderIsTheFirstToRun(@MemberId("alice") Coordinator alice, @MemberId("bob") Coordinator bob) { ... }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface MemberId {
    /** The member id, as {@link io.tooz.CoordinatorBuilder#memberId(String)} takes it. */
    String value();
}
