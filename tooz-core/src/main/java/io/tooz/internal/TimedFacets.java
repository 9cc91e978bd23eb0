package io.tooz.internal;

import io.tooz.spi.DriverClaims;
import io.tooz.spi.DriverGroups;
import io.tooz.spi.DriverLockQueues;
import io.tooz.spi.DriverLocks;
import io.tooz.spi.DriverWatch;
import io.tooz.spi.Facets;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * A driver's facets with every call timed for the observers, as {@code onBackendCall} with the SPI method's name, and
 * its outcome given to the connection tracker. Used only when a coordinator has observers; the driver never knows.
 * Methods that do no I/O by contract, and optional methods the driver left to the interface's default that answer
 * without asking the backend, pass straight through.
 */
final class TimedFacets implements InvocationHandler {
    /** Constant answers, called often: {@code leaseTtl} on every grant and refresh. */
    private static final Set<String> NO_IO = Set.of("leaseTtl", "exact", "requests");
    /** Defaults that call the facet's own reads and writes, which the proxy cannot see: timed as one call. */
    private static final Set<String> DEFAULTS_WITH_IO = Set.of("rejoinGroup", "getMemberIds", "getMember");

    private final Object target;
    private final Observers observers;
    private final ConnectionTracker connection;
    private final Map<Method, Boolean> timed = new ConcurrentHashMap<>();

    private TimedFacets(Object target, Observers observers, ConnectionTracker connection) {
        this.target = target;
        this.observers = observers;
        this.connection = connection;
    }

    static Facets wrap(Facets f, Observers observers, ConnectionTracker connection) {
        return new Facets(
                wrap(DriverGroups.class, f.groups(), observers, connection),
                wrap(DriverWatch.class, f.watch(), observers, connection),
                wrap(DriverLocks.class, f.locks(), observers, connection),
                wrap(DriverClaims.class, f.claims(), observers, connection),
                wrap(DriverLockQueues.class, f.lockQueues(), observers, connection));
    }

    private static <T> @Nullable T wrap(
            Class<T> type, @Nullable T facet, Observers observers, ConnectionTracker connection) {
        if (facet == null) {
            return null;
        }
        Object proxy = Proxy.newProxyInstance(
                type.getClassLoader(), new Class<?>[] {type}, new TimedFacets(facet, observers, connection));
        return type.cast(proxy);
    }

    /** The driver's own facet behind a timed one (the core looks at its class); any other object as it is. */
    static <T> T unwrap(T facet) {
        if (Proxy.isProxyClass(facet.getClass()) && Proxy.getInvocationHandler(facet) instanceof TimedFacets t) {
            @SuppressWarnings("unchecked")
            T own = (T) t.target;
            return own;
        }
        return facet;
    }

    @Override
    public @Nullable Object invoke(Object proxy, Method method, @Nullable Object[] args) throws Throwable {
        Boolean time = timed.get(method);
        if (time == null) {
            time = timed.computeIfAbsent(method, this::isTimed);
        }
        if (!time) {
            return call(method, args);
        }
        long start = System.nanoTime();
        Throwable error = null;
        try {
            return call(method, args);
        } catch (Throwable t) {
            error = t;
            throw t;
        } finally {
            observers.backendCall(method.getName(), start, error);
            connection.called(error);
        }
    }

    private @Nullable Object call(Method method, @Nullable Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private boolean isTimed(Method method) {
        if (method.getDeclaringClass() == Object.class || NO_IO.contains(method.getName())) {
            return false;
        }
        try {
            // a default the driver did not override answers without the backend (an empty OptionalLong, a no-op...)
            return DEFAULTS_WITH_IO.contains(method.getName())
                    || !target.getClass()
                            .getMethod(method.getName(), method.getParameterTypes())
                            .isDefault();
        } catch (NoSuchMethodException e) {
            return true;
        }
    }
}
