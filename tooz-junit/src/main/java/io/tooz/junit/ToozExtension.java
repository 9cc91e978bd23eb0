package io.tooz.junit;

import io.tooz.Coordinator;
import java.lang.reflect.Constructor;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The JUnit 5 extension behind {@link ToozTest}: injects started {@link Coordinator}s, {@link ToozFaults} and a {@link
 * ToozBackend}, and cleans up after each test. Register it with {@code @ToozTest} (which also configures it) or
 * {@code @ExtendWith(ToozExtension.class)}.
 *
 * <h2>Injection</h2>
 *
 * <p>A {@code Coordinator} parameter of a test method, a {@code @BeforeEach}/{@code @AfterEach} method, a {@code
 * @BeforeAll}/{@code @AfterAll} method or a constructor gets a started coordinator of its own, with a generated member
 * id ({@code <method>-<n>-<random>}) or the one its {@link MemberId} gives; parameters with the same {@code MemberId}
 * share one coordinator within a test.
 *
 * <h2>Backend</h2>
 *
 * <p>By default a fresh {@code memory://} backend per test class; with {@link BackendKind#EMBEDDED_ZOOKEEPER} a
 * ZooKeeper server in the JVM, one per test run; or, for {@link BackendKind#CONFIGURED} (the default) when it is set,
 * the URL in the JUnit configuration parameter or system property {@value #URL_PROPERTY} (also read from {@code
 * junit-platform.properties}) or else in the environment variable {@value #URL_VARIABLE}. Every coordinator gets the
 * {@link ToozTest#ttl()} as its {@code timeout} option. On ZooKeeper and Redis each test class gets a namespace of its
 * own ({@code junit-<class>-<random>}, the driver's {@code namespace} option) unless the URL or the options set one,
 * so that classes, and CI runs sharing a server, do not see each other's groups and locks; other drivers have no such
 * option, and their tests share the backend's one keyspace.
 *
 * <h2>Lifetime and cleanup</h2>
 *
 * <ul>
 *   <li>Coordinators of a test (its method, its {@code @BeforeEach}/{@code @AfterEach} methods, its constructor under
 *       the default per-method lifecycle) are closed after its {@code @AfterEach} methods, newest first: each leaves
 *       its groups, releases its locks and ends its session. Coordinators of the class ({@code @BeforeAll}/{@code
 *       @AfterAll} methods, a constructor under {@link TestInstance.Lifecycle#PER_CLASS}) are closed after its {@code
 *       @AfterAll} methods. Faults injected into them are healed first.
 *   <li>Then, in a namespace or {@code memory://} backend the extension made, every group created during the test (or
 *       the class) that has no members left is deleted, whoever created it. A group that still has members (of a
 *       coordinator the test built itself and did not close, or of a class coordinator) stays, and is logged.
 *   <li>What is not cleaned: coordinators the test built itself with {@link ToozBackend#builder()} or {@link
 *       Coordinator#builder}; groups on backends without a namespace of the extension's (etcd, PostgreSQL, MySQL,
 *       memcached, {@code file://}, or a namespace given in the URL); the backend's own records that outlive a lock
 *       or a group (fencing-token counters, the periodic scheduler's claims, empty lock znodes or keys a driver keeps);
 *       the namespaces themselves and {@code memory://} backends (a few objects in the JVM).
 * </ul>
 *
 * <p>The tests of one class may run in parallel only if they do not rely on the group cleanup: it deletes every
 * empty group created while a test ran, a sibling's included.
 */
public final class ToozExtension
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {
    /** The JUnit configuration parameter (or system property) naming the backend URL: {@value}. */
    public static final String URL_PROPERTY = "tooz.test.url";

    /** The environment variable naming the backend URL when the property is not set: {@value}. */
    public static final String URL_VARIABLE = "TOOZ_TEST_URL";

    static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ToozExtension.class);

    private static final Set<Class<?>> INJECTED = Set.of(Coordinator.class, ToozFaults.class, ToozBackend.class);

    /** The extension; JUnit creates it for {@code @ToozTest} and {@code @ExtendWith}. */
    public ToozExtension() {}

    /** The configured URL: the configuration parameter or system property, else the environment variable. */
    static Optional<String> configuredUrl(ExtensionContext context) {
        Optional<String> url = context.getConfigurationParameter(URL_PROPERTY).filter(s -> !s.isBlank());
        if (url.isEmpty()) {
            url = Optional.ofNullable(System.getProperty(URL_PROPERTY)).filter(s -> !s.isBlank());
        }
        if (url.isEmpty()) {
            url = Optional.ofNullable(System.getenv(URL_VARIABLE)).filter(s -> !s.isBlank());
        }
        return url.map(String::trim);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        Scope.of(context).rememberGroups();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        try {
            Scope.existing(context).ifPresent(Scope::cleanUp);
        } finally {
            BackendSetup.existing(context).filter(b -> b.ownedBy(context)).ifPresent(BackendSetup::close);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        Scope test = Scope.of(context);
        test.rememberGroups();
        Scope.existing(Scope.classContext(context)).ifPresent(test::adoptPending);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Scope.existing(context).ifPresent(Scope::cleanUp);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return INJECTED.contains(parameter.getParameter().getType());
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        if (type == ToozFaults.class) {
            return new FaultsImpl(Registry.of(context));
        }
        Scope scope = ownerOf(parameter, context);
        String idBase = context.getTestMethod()
                .map(m -> m.getName())
                .orElse(context.getRequiredTestClass().getSimpleName());
        if (type == ToozBackend.class) {
            return new BackendHandle(scope, idBase);
        }
        Optional<MemberId> named = parameter.findAnnotation(MemberId.class);
        if (named.isPresent()) {
            String id = named.get().value();
            synchronized (scope) {
                Optional<Tracked> existing = Scope.find(context, id);
                if (existing.isPresent()) {
                    return existing.get().coordinator();
                }
                Tracked t = scope.backend().open(id, b -> {});
                scope.adopt(t, true);
                return t.coordinator();
            }
        }
        Tracked t = scope.backend().open(scope.backend().newMemberId(idBase), b -> {});
        scope.adopt(t, false);
        return t.coordinator();
    }

    /**
     * The scope that owns what a parameter gets: the context's, except for a constructor run in the class's context
     * under the per-method lifecycle, whose coordinators wait for the test that adopts them.
     */
    private static Scope ownerOf(ParameterContext parameter, ExtensionContext context) {
        Scope scope = Scope.of(context);
        boolean perMethod = context.getTestInstanceLifecycle()
                .map(l -> l == TestInstance.Lifecycle.PER_METHOD)
                .orElse(true);
        if (parameter.getDeclaringExecutable() instanceof Constructor<?>
                && context.getTestMethod().isEmpty()
                && perMethod) {
            return scope.pendingForThisThread();
        }
        return scope;
    }
}
