package io.tooz.tck;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Function;

/**
 * The harness of {@link NemesisContract} and {@link SharedLockProcessContract}: contender processes, each behind a
 * {@link BlackHoleProxy} of its own, one {@link LockHistory} (of the kind the plan's lock name calls for), and the
 * faults, each recorded in the history as it is applied.
 */
// close() waits for the contender JVMs to exit, so it may be interrupted; the tests that use it declare that
@SuppressWarnings("try")
final class NemesisRun implements AutoCloseable {
    private final Function<InetSocketAddress, String> urlVia;
    private final Map<String, String> options;
    private final InetSocketAddress backend;
    private final ContenderProcess.Plan plan;
    private final Random random;
    private final Path logs;
    private final LockHistory history;
    private final List<Slot> slots = new ArrayList<>();
    private final List<ContenderProcess> retired = new ArrayList<>();

    /** One contender place: a proxy that outlives the processes started behind it. */
    static final class Slot {
        final int index;
        final BlackHoleProxy proxy;
        ContenderProcess process;
        int generation;

        Slot(int index, BlackHoleProxy proxy) {
            this.index = index;
            this.proxy = proxy;
        }

        String name() {
            return process.name();
        }
    }

    NemesisRun(
            Function<InetSocketAddress, String> urlVia,
            Map<String, String> options,
            InetSocketAddress backend,
            ContenderProcess.Plan plan,
            long seed)
            throws IOException {
        this.urlVia = urlVia;
        this.options = options;
        this.backend = backend;
        this.plan = plan;
        this.history = plan.newHistory();
        this.random = new Random(seed);
        this.logs = Files.createTempDirectory("tooz-nemesis-");
    }

    LockHistory history() {
        return history;
    }

    Random random() {
        return random;
    }

    Path logs() {
        return logs;
    }

    List<Slot> slots() {
        return slots;
    }

    /** Starts {@code n} contenders, each behind a proxy of its own. */
    void startContenders(int n) {
        for (int i = 0; i < n; i++) {
            Slot s = new Slot(i + 1, BlackHoleProxy.start(backend));
            slots.add(s);
            launch(s);
        }
    }

    private void launch(Slot s) {
        String name = "p" + s.index + "." + s.generation;
        s.process = ContenderProcess.start(
                urlVia.apply(s.proxy.address()), options, name, plan, history, logs.resolve(name + ".log"));
    }

    /** The slot whose process believes it holds the lock now, if exactly one does. */
    Optional<Slot> holder() {
        var holders = history.believedHolders();
        if (holders.size() != 1) {
            return Optional.empty();
        }
        String h = holders.iterator().next();
        return slots.stream().filter(s -> s.name().equals(h)).findFirst();
    }

    /** Waits at most {@code atMost} for a holder. */
    Optional<Slot> awaitHolder(Duration atMost) throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (true) {
            Optional<Slot> h = holder();
            if (h.isPresent() || System.nanoTime() - deadline >= 0) {
                return h;
            }
            Thread.sleep(10);
        }
    }

    /** Waits at most {@code atMost} for a grant after the {@code after}-th one; returns its holder. */
    Optional<Slot> awaitNewGrant(int after, Duration atMost) throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (history.grantCount() <= after) {
            if (System.nanoTime() - deadline >= 0) {
                return Optional.empty();
            }
            Thread.sleep(5);
        }
        return holder();
    }

    /** Cuts the slot's process off from the backend for {@code length}, then heals. */
    void partition(Slot s, Duration length) throws InterruptedException {
        String name = s.name();
        history.partition(name, System.nanoTime());
        s.proxy.partition();
        try {
            Thread.sleep(length.toMillis());
        } finally {
            s.proxy.heal();
            history.heal(name, System.nanoTime());
        }
    }

    /** Freezes the slot's process for {@code length}, then thaws it. */
    void pause(Slot s, Duration length) throws IOException, InterruptedException {
        s.process.signal("STOP");
        try {
            Thread.sleep(length.toMillis());
        } finally {
            s.process.signal("CONT");
        }
    }

    /** Kills the slot's process and starts a replacement behind the same proxy. */
    void kill(Slot s) throws IOException, InterruptedException {
        s.process.signal("KILL");
        retired.add(s.process);
        s.generation++;
        launch(s);
    }

    /** Restarts the backend with {@code restart}, recording when it ran. */
    void restartServer(Runnable restart) {
        history.serverRestart(System.nanoTime());
        restart.run();
    }

    /** Freezes the backend with {@code freeze} (which blocks for {@code length}), recording when it began. */
    void freezeServer(java.util.function.Consumer<Duration> freeze, Duration length) {
        history.serverFreeze(System.nanoTime());
        freeze.accept(length);
    }

    /** One line per contender: its name, errors and log. */
    List<String> contenderLines() {
        List<String> out = new ArrayList<>();
        for (ContenderProcess p : retired) {
            out.add(p.toString());
        }
        for (Slot s : slots) {
            out.add(s.process.toString() + (s.process.errors() > 0 ? " last: " + s.process.lastError() : ""));
        }
        return out;
    }

    /** Heals every proxy, thaws and closes every contender (each releases what it holds), then closes the proxies. */
    @Override
    public void close() throws IOException, InterruptedException {
        for (Slot s : slots) {
            if (s.proxy.partitioned()) {
                s.proxy.heal();
                history.heal(s.name(), System.nanoTime());
            }
        }
        List<Thread> closing = new ArrayList<>();
        for (Slot s : slots) { // in parallel: each may first finish an acquire or a hold
            Thread t = new Thread(
                    () -> {
                        try {
                            s.process.close();
                        } catch (IOException e) {
                            // the process is gone
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    },
                    "tck-nemesis-close-" + s.name());
            t.start();
            closing.add(t);
        }
        for (Thread t : closing) {
            t.join();
        }
        for (Slot s : slots) {
            s.proxy.close();
        }
    }
}
