package io.tooz.spring.boot;

import io.tooz.Coordinator;
import io.tooz.GroupEvent;
import io.tooz.WatchCallback;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.Lifecycle;

/** The {@link WhileLeader} work of one group: started when this instance is elected, stopped when that ends. */
final class LeaderGroup {
    private static final Logger LOG = LoggerFactory.getLogger(LeaderGroup.class);

    /** A method to call on a bean. */
    record Work(Object bean, Method method) {}

    final String group;
    final List<Work> methods = new ArrayList<>();
    final List<Lifecycle> lifecycles = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private @Nullable Leadership current;
    private @Nullable Coordinator coordinator;
    private final WatchCallback<GroupEvent.LeaderElected> elected = e -> begin();
    private final WatchCallback<GroupEvent.LeadershipLost> lost = e -> end();

    LeaderGroup(String group) {
        this.group = group;
    }

    void enter(Coordinator c) {
        this.coordinator = c;
        try {
            c.createGroup(group).get(java.time.Duration.ofSeconds(30));
        } catch (io.tooz.GroupAlreadyExistsException e) {
            // another instance made it
        }
        c.watchLeadershipLost(group, lost);
        c.watchElectedAsLeader(group, elected);
    }

    void leave() {
        Coordinator c = coordinator;
        if (c != null && c.isStarted()) {
            try {
                c.unwatchElectedAsLeader(group, elected);
                c.unwatchLeadershipLost(group, lost);
            } catch (RuntimeException e) {
                LOG.debug("withdrawing from the election of {}: {}", group, e.toString());
            }
        }
        end();
        List<Thread> running;
        synchronized (this) {
            running = List.copyOf(threads);
        }
        for (Thread t : running) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private synchronized void begin() {
        Coordinator c = coordinator;
        if (current != null || c == null) {
            return;
        }
        Leadership leadership = new Leadership(group, c.leadershipTerm(group).orElse(-1), c.memberId());
        current = leadership;
        LOG.info("{} elected leader of {} (term {}): starting its work", c.memberId(), group, leadership.term());
        threads.removeIf(t -> !t.isAlive());
        for (Work w : methods) {
            Thread t = new Thread(() -> call(w, leadership), "tooz-leader-" + group);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        for (Lifecycle l : lifecycles) {
            try {
                l.start();
            } catch (RuntimeException e) {
                LOG.error("starting {} as leader of {} failed", l, group, e);
            }
        }
    }

    private synchronized void end() {
        Leadership leadership = current;
        if (leadership == null) {
            return;
        }
        current = null;
        leadership.end();
        LOG.info("{} no longer leads {}: stopping its work", leadership.memberId(), group);
        threads.forEach(Thread::interrupt);
        for (Lifecycle l : lifecycles) {
            try {
                l.stop();
            } catch (RuntimeException e) {
                LOG.error("stopping {} after the leadership of {} ended failed", l, group, e);
            }
        }
    }

    private void call(Work w, Leadership leadership) {
        try {
            Object[] args = w.method().getParameterCount() == 0 ? new Object[0] : new Object[] {leadership};
            w.method().invoke(w.bean(), args);
        } catch (InvocationTargetException e) {
            if (leadership.isHeld() || !(e.getCause() instanceof InterruptedException)) {
                LOG.error("@WhileLeader method {} of {} failed", w.method().getName(), group, e.getCause());
            }
        } catch (IllegalAccessException e) {
            LOG.error(
                    "@WhileLeader method {} of {} is not accessible", w.method().getName(), group, e);
        }
    }

    /** Whether this instance leads the group now, as far as it knows. */
    synchronized boolean leading() {
        return current != null;
    }

    /** Threads of this group's work still running though no leadership is held: work that ignored its stop. */
    synchronized long overrunning() {
        if (current != null) {
            return 0;
        }
        return threads.stream().filter(Thread::isAlive).count();
    }
}
