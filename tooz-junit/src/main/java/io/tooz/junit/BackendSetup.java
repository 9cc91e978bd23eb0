package io.tooz.junit;

import io.tooz.Coordinator;
import io.tooz.CoordinatorBuilder;
import io.tooz.Feature;
import io.tooz.GroupNotCreatedException;
import io.tooz.GroupNotEmptyException;
import io.tooz.ToozException;
import io.tooz.junit.internal.Sockets;
import io.tooz.spi.ConnectionUrl;
import io.tooz.spi.DriverOptions;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backend of one test class and its {@code @Nested} classes: URL, options, namespace, whether coordinators go
 * through a proxy, and the janitor coordinator that lists and deletes groups. Stored in the class's context.
 */
final class BackendSetup implements ExtensionContext.Store.CloseableResource {
    private static final Logger LOG = LoggerFactory.getLogger(BackendSetup.class);
    private static final String KEY = "backend";
    /** Schemes whose driver keeps everything under its {@code namespace} option. */
    private static final Set<String> NAMESPACED = Set.of("zookeeper", "kazoo", "redis", "rediss");
    /** Schemes whose driver does not connect through one TCP address the extension could proxy. */
    private static final Set<String> NOT_PROXIED = Set.of("memory", "file", "ipc", "rediss", "etcd3+https");

    private static final Duration JANITOR_WAIT = Duration.ofSeconds(10);

    private final String owner;
    private final String url;
    private final Map<String, String> options;
    private final Duration ttl;
    private final @Nullable String namespace;
    private final @Nullable InetSocketAddress proxyTarget;
    private final AtomicInteger generated = new AtomicInteger();
    private @Nullable Coordinator janitor;
    private boolean closed;

    private BackendSetup(
            String owner,
            String url,
            Map<String, String> options,
            Duration ttl,
            @Nullable String namespace,
            @Nullable InetSocketAddress proxyTarget) {
        this.owner = owner;
        this.url = url;
        this.options = Map.copyOf(options);
        this.ttl = ttl;
        this.namespace = namespace;
        this.proxyTarget = proxyTarget;
    }

    /** The backend of the test class of {@code context}, resolved by the first context that asks (outermost first). */
    static BackendSetup of(ExtensionContext context) {
        ExtensionContext classContext = Scope.classContext(context);
        return classContext
                .getStore(ToozExtension.NAMESPACE)
                .getOrComputeIfAbsent(KEY, k -> resolve(classContext), BackendSetup.class);
    }

    /** The backend already resolved for {@code context}'s class or an enclosing one. */
    static Optional<BackendSetup> existing(ExtensionContext context) {
        return Optional.ofNullable(
                Scope.classContext(context).getStore(ToozExtension.NAMESPACE).get(KEY, BackendSetup.class));
    }

    /** Whether {@code context} is the class context that resolved this backend (and so closes it). */
    boolean ownedBy(ExtensionContext context) {
        return owner.equals(context.getUniqueId());
    }

    private static BackendSetup resolve(ExtensionContext classContext) {
        Class<?> testClass = classContext.getRequiredTestClass();
        Optional<ToozTest> config = AnnotationSupport.findAnnotation(testClass, ToozTest.class);
        BackendKind kind = config.map(ToozTest::backend).orElse(BackendKind.CONFIGURED);
        String ttlText = config.map(ToozTest::ttl).orElse("2s");
        Duration ttl = DriverOptions.parseDuration(ttlText)
                .filter(d -> !d.isZero())
                .orElseThrow(() -> new ExtensionConfigurationException("@ToozTest(ttl = \"" + ttlText + "\") on "
                        + testClass.getName() + " is not a positive duration: seconds like 2 or 1.5, or with a unit"
                        + " like 1500ms"));
        String name = "junit-" + shortName(testClass.getSimpleName(), 40) + "-" + randomHex(4);
        String memory = "memory://" + name;
        String url =
                switch (kind) {
                    case MEMORY -> memory;
                    case EMBEDDED_ZOOKEEPER -> EmbeddedServer.url(classContext.getRoot());
                    case CONFIGURED -> ToozExtension.configuredUrl(classContext).orElse(memory);
                };
        ConnectionUrl parsed = ConnectionUrl.parse(url);
        Map<String, String> extra = extraOptions(config.map(ToozTest::options).orElse(new String[0]), testClass);
        Map<String, String> options = new LinkedHashMap<>();
        options.put("timeout", DriverOptions.formatDuration(ttl));
        String namespace = null;
        if (url.equals(memory)) {
            namespace = name;
        } else if (NAMESPACED.contains(parsed.scheme())
                && !parsed.query().containsKey("namespace")
                && !extra.containsKey("namespace")) {
            namespace = name;
            options.put("namespace", name);
        }
        options.putAll(extra);
        return new BackendSetup(
                classContext.getUniqueId(), url, options, ttl, namespace, proxyTarget(url, parsed, options));
    }

    private static Map<String, String> extraOptions(String[] given, Class<?> testClass) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String option : given) {
            int eq = option.indexOf('=');
            if (eq <= 0) {
                throw new ExtensionConfigurationException("@ToozTest(options) on " + testClass.getName() + " has \""
                        + option + "\"; each option is name=value, e.g. watch_interval=200ms");
            }
            out.put(option.substring(0, eq).trim(), option.substring(eq + 1).trim());
        }
        return out;
    }

    /** The one TCP address the coordinators can reach through a proxy, or null if they cannot. */
    static @Nullable InetSocketAddress proxyTarget(String url, ConnectionUrl parsed, Map<String, String> options) {
        if (NOT_PROXIED.contains(parsed.scheme())
                || parsed.hosts().size() != 1
                || parsed.hosts().get(0).port() <= 0
                || has(parsed, options, "hosts")
                || has(parsed, options, "endpoints")
                || has(parsed, options, "host") // postgresql://: another host, or a unix socket's directory
                || has(parsed, options, "unix_socket") // mysql://
                || enabled(parsed, options, "ssl")
                || enabled(parsed, options, "use_ssl")) {
            return null;
        }
        ConnectionUrl.HostPort h = parsed.hosts().get(0);
        InetSocketAddress target = InetSocketAddress.createUnresolved(h.host(), h.port());
        try {
            Sockets.urlVia(url, target, new InetSocketAddress(Sockets.loopback(), 1));
        } catch (AssertionError notAsWritten) {
            return null; // the URL writes the address in another form (an IPv6 literal): no proxy
        }
        return target;
    }

    private static boolean has(ConnectionUrl parsed, Map<String, String> options, String name) {
        return parsed.query().containsKey(name) || options.containsKey(name);
    }

    private static boolean enabled(ConnectionUrl parsed, Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            List<String> values = parsed.query().getOrDefault(name, List.of());
            value = values.isEmpty() ? null : values.get(values.size() - 1);
        }
        return value != null && !value.equalsIgnoreCase("false") && !value.equals("0");
    }

    String url() {
        return url;
    }

    Map<String, String> options() {
        return options;
    }

    Duration ttl() {
        return ttl;
    }

    Optional<String> namespace() {
        return Optional.ofNullable(namespace);
    }

    /** A builder for the URL with the options, connecting directly. */
    CoordinatorBuilder builder() {
        return Coordinator.builder(url).options(options);
    }

    /** A member id no other coordinator of this class has: {@code <base>-<n>-<random>}. */
    String newMemberId(String base) {
        return shortName(base, 60) + "-" + generated.incrementAndGet() + "-" + randomHex(3);
    }

    /**
     * Builds and starts a coordinator with {@code memberId}, through a proxy of its own where the backend allows, then
     * applies {@code customizer}.
     */
    Tracked open(String memberId, Consumer<CoordinatorBuilder> customizer) {
        BlackHoleProxy proxy = proxyTarget == null ? null : BlackHoleProxy.start(proxyTarget);
        try {
            String via = proxy == null ? url : Sockets.urlVia(url, proxyTarget, proxy.address());
            CoordinatorBuilder b = Coordinator.builder(via).options(options).memberId(memberId);
            customizer.accept(b);
            Coordinator c = b.build();
            c.start();
            return new Tracked(c, proxy);
        } catch (RuntimeException | Error e) {
            if (proxy != null) {
                proxy.close();
            }
            throw e;
        }
    }

    /**
     * The groups that exist now, if this backend is the extension's own (a namespace it made) and has groups; else
     * empty, and nothing is deleted later.
     */
    synchronized Optional<Set<String>> groups() {
        if (namespace == null || closed) {
            return Optional.empty();
        }
        try {
            Coordinator j = janitor();
            if (!j.features().contains(Feature.GROUPS)) {
                return Optional.empty();
            }
            return Optional.of(j.getGroups().get(JANITOR_WAIT));
        } catch (ToozException e) {
            LOG.info("cannot list the groups of {} to clean up after the test: {}", describe(), e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Deletes every group that exists now and not in {@code before}; returns those it could not delete (still with
     * members), each with the reason.
     */
    synchronized List<String> deleteGroupsSince(Set<String> before) {
        Optional<Set<String>> now = groups();
        if (now.isEmpty()) {
            return List.of();
        }
        List<String> left = new ArrayList<>();
        for (String g : new TreeSet<>(now.get())) {
            if (before.contains(g)) {
                continue;
            }
            try {
                janitor().deleteGroup(g).get(JANITOR_WAIT);
            } catch (GroupNotCreatedException gone) {
                // deleted meanwhile
            } catch (GroupNotEmptyException e) {
                left.add(g + " (still has members)");
            } catch (ToozException e) {
                left.add(g + " (" + e.getMessage() + ")");
            }
        }
        return left;
    }

    private Coordinator janitor() {
        Coordinator j = janitor;
        if (j == null) {
            j = builder().memberId("junit-janitor-" + randomHex(4)).build();
            j.start();
            janitor = j;
        }
        return j;
    }

    /** The URL for messages: no password, no options. */
    String describe() {
        return ConnectionUrl.redact(url);
    }

    /** Closes the janitor; idempotent. */
    @Override
    public synchronized void close() {
        closed = true;
        Coordinator j = janitor;
        janitor = null;
        if (j != null) {
            j.close();
        }
    }

    static String shortName(String text, int max) {
        String s = text.replaceAll("[^A-Za-z0-9-]+", "-").replaceAll("^-+|-+$", "");
        if (s.isEmpty()) {
            s = "test";
        }
        return s.length() <= max ? s : s.substring(0, max);
    }

    private static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(b);
        return HexFormat.of().formatHex(b).toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return "BackendSetup[" + describe() + (namespace == null ? "" : ", namespace " + namespace) + ", TTL " + ttl
                + (proxyTarget == null ? "" : ", proxied") + "]";
    }
}
