package io.tooz.tck;

import io.tooz.Coordinator;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/** The coordinators (and schedulers) each test instance created, so {@link ContractSupport} can close them after the test. */
final class Tracker {
    private static final Map<Object, List<AutoCloseable>> BY_TEST =
            Collections.synchronizedMap(new IdentityHashMap<>());

    private Tracker() {}

    static void track(Object test, AutoCloseable coordinator) {
        BY_TEST.computeIfAbsent(test, t -> Collections.synchronizedList(new ArrayList<>()))
                .add(coordinator);
    }

    /** Closes the test's coordinators, newest first; fails after trying all of them if any close failed. */
    static void closeAll(Object test) {
        List<AutoCloseable> tracked = BY_TEST.remove(test);
        if (tracked == null) {
            return;
        }
        List<AutoCloseable> reversed;
        synchronized (tracked) {
            reversed = new ArrayList<>(tracked);
        }
        Collections.reverse(reversed);
        AssertionError failure = null;
        for (AutoCloseable c : reversed) {
            try {
                c.close();
            } catch (Exception | Error e) {
                if (failure == null) {
                    String what = c instanceof Coordinator co ? "coordinator " + co.memberId() : String.valueOf(c);
                    failure = new AssertionError("close() of " + what + " threw", e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
