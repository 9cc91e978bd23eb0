package io.tooz.junit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinators that live as long as one extension context: a test's (closed after it) or a test class's (closed
 * after all its tests), with their member ids and the groups that existed when the scope began. A class scope also
 * holds, per thread, the coordinators made for a test instance's constructor until the test adopts them.
 */
final class Scope {
    private static final Logger LOG = LoggerFactory.getLogger(Scope.class);

    private final String label;
    private final BackendSetup backend;
    private final Registry registry;
    private final List<Tracked> owned = new ArrayList<>();
    private final Map<String, Tracked> byId = new HashMap<>();
    private final Map<Thread, Scope> pending = new HashMap<>();
    private volatile @Nullable Set<String> groupsBefore;
    /** For a constructor's scope: the test scope that adopted it, which owns what is made through it from then on. */
    private @Nullable Scope adoptedBy;

    private Scope(String label, BackendSetup backend, Registry registry) {
        this.label = label;
        this.backend = backend;
        this.registry = registry;
    }

    /** The scope of {@code context}, made on first use. */
    static Scope of(ExtensionContext context) {
        return context.getStore(ToozExtension.NAMESPACE)
                .getOrComputeIfAbsent(
                        key(context),
                        k -> new Scope(context.getDisplayName(), BackendSetup.of(context), Registry.of(context)),
                        Scope.class);
    }

    /** The scope of {@code context} if it has one; never a parent's. */
    static Optional<Scope> existing(ExtensionContext context) {
        return Optional.ofNullable(context.getStore(ToozExtension.NAMESPACE).get(key(context), Scope.class));
    }

    private static String key(ExtensionContext context) {
        return "scope:" + context.getUniqueId();
    }

    /** The context of the test class around {@code context}: the nearest without a test method. */
    static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext c = context;
        while (c.getTestMethod().isPresent() && c.getParent().isPresent()) {
            c = c.getParent().get();
        }
        return c;
    }

    /** The coordinator with this member id in {@code context}'s scope or an enclosing one. */
    static Optional<Tracked> find(ExtensionContext context, String memberId) {
        for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
            Optional<Scope> s = existing(c);
            if (s.isPresent()) {
                Optional<Tracked> t = s.get().withId(memberId);
                if (t.isPresent()) {
                    return t;
                }
            }
        }
        return Optional.empty();
    }

    BackendSetup backend() {
        return backend;
    }

    /** A coordinator with this id that this scope owns, or one made for this thread's pending test instance. */
    synchronized Optional<Tracked> withId(String memberId) {
        Tracked t = byId.get(memberId);
        if (t == null) {
            Scope p = pending.get(Thread.currentThread());
            t = p == null ? null : p.byId.get(memberId);
        }
        return Optional.ofNullable(t);
    }

    /** Takes ownership of a new coordinator, registered under its member id if {@code named}. */
    void adopt(Tracked t, boolean named) {
        Scope target;
        synchronized (this) {
            target = adoptedBy;
            if (target == null) {
                owned.add(t);
                if (named) {
                    byId.put(t.coordinator().memberId(), t);
                }
                registry.add(t);
                return;
            }
        }
        target.adopt(t, named); // a ToozBackend injected into the constructor, used by the test
    }

    /**
     * The scope that holds what this thread's test-instance constructor creates, until the test {@linkplain
     * #adoptPending adopts} it (with the default per-method lifecycle a constructor runs in the class's context).
     */
    synchronized Scope pendingForThisThread() {
        return pending.computeIfAbsent(
                Thread.currentThread(), t -> new Scope(label + " (constructor)", backend, registry));
    }

    /** Moves what this thread's constructor created from the class scope {@code from} to this test scope. */
    void adoptPending(Scope from) {
        Scope p;
        synchronized (from) {
            p = from.pending.remove(Thread.currentThread());
        }
        if (p == null) {
            return;
        }
        synchronized (this) {
            synchronized (p) {
                owned.addAll(p.owned);
                byId.putAll(p.byId);
                p.owned.clear();
                p.byId.clear();
                p.adoptedBy = this;
            }
        }
    }

    /** Remembers the groups that exist now, so that cleanup deletes only those created later. */
    void rememberGroups() {
        groupsBefore = backend.groups().orElse(null);
    }

    /**
     * Closes every coordinator of this scope (and of constructors never adopted), newest first, then deletes the
     * groups created since {@link #rememberGroups()}.
     *
     * @throws RuntimeException the first {@code close()} failure, the others suppressed
     */
    void cleanUp() {
        List<Tracked> toClose;
        synchronized (this) {
            toClose = new ArrayList<>(owned);
            pending.values().forEach(p -> toClose.addAll(p.owned));
            owned.clear();
            byId.clear();
            pending.clear();
        }
        RuntimeException failure = null;
        for (int i = toClose.size() - 1; i >= 0; i--) {
            Tracked t = toClose.get(i);
            try {
                t.close();
            } catch (RuntimeException e) {
                RuntimeException named = new IllegalStateException("closing coordinator " + t + " failed: " + e, e);
                if (failure == null) {
                    failure = named;
                } else {
                    failure.addSuppressed(named);
                }
            } finally {
                registry.remove(t);
            }
        }
        Set<String> before = groupsBefore;
        groupsBefore = null;
        if (before != null) {
            List<String> left = backend.deleteGroupsSince(before);
            if (!left.isEmpty()) {
                LOG.info("groups created by {} and left on {}: {}", label, backend.describe(), left);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
