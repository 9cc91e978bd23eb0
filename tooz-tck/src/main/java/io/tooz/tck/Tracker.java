package io.tooz.tck;

import io.tooz.Coordinator;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/** The coordinators each test instance created, so {@link ContractSupport} can close them after the test. */
final class Tracker {
    private static final Map<Object, List<Coordinator>> BY_TEST = Collections.synchronizedMap(new IdentityHashMap<>());

    private Tracker() {}

    static void track(Object test, Coordinator coordinator) {
        BY_TEST.computeIfAbsent(test, t -> Collections.synchronizedList(new ArrayList<>()))
                .add(coordinator);
    }

    /** Closes the test's coordinators, newest first; fails after trying all of them if any close failed. */
    static void closeAll(Object test) {
        List<Coordinator> tracked = BY_TEST.remove(test);
        if (tracked == null) {
            return;
        }
        List<Coordinator> reversed;
        synchronized (tracked) {
            reversed = new ArrayList<>(tracked);
        }
        Collections.reverse(reversed);
        AssertionError failure = null;
        for (Coordinator c : reversed) {
            try {
                c.close();
            } catch (RuntimeException | Error e) {
                if (failure == null) {
                    failure = new AssertionError("close() of coordinator " + c.memberId() + " threw", e);
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
