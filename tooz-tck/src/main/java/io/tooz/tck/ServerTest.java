package io.tooz.tck;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * Marks a test class or method that needs a server: one of {@link SharedServer}'s, or one it starts itself (a private
 * server process, an in-process ZooKeeper). Its JUnit tag is {@code server}, so a driver's pure unit tests run
 * without any with {@code mvn -pl tooz-driver-redis -am test -DexcludedGroups=server}.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Tag(ServerTest.TAG)
public @interface ServerTest {
    /** The JUnit tag. */
    String TAG = "server";
}
