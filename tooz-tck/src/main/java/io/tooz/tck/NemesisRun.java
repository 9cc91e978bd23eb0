package io.tooz.tck;

import io.tooz.junit.BlackHoleProxy;
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
 * {@link BlackHoleProxy} of its own and following one or several plans at once, one {@link LockHistory} per plan (of
 * the kind its lock name calls for), and the faults, each recorded in every history as it is applied.
 */
// close() waits for the contender JVMs to exit, so it may be interrupted; the tests that use it declare that
@SuppressWarnings("try")
final class NemesisRun implements AutoCloseable {
    private final Function<InetSocketAddress, String> urlVia;
    private final Map<String, String> options;
    private final InetSocketAddress backend;
    private final List<ContenderProcess.Plan> plans;
    private final Random random;
    private final Path logs;
    private final List<LockHistory> histories;
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
        this(urlVia, options, backend, List.of(plan), seed);
    }

    NemesisRun(
            Function<InetSocketAddress, String> urlVia,
            Map<String, String> options,
            InetSocketAddress backend,
            List<ContenderProcess.Plan> plans,
            long seed)
            throws IOException {
        this.urlVia = urlVia;
        this.options = options;
        this.backend = backend;
        this.plans = List.copyOf(plans);
        this.histories = plans.stream().map(ContenderProcess.Plan::newHistory).toList();
        this.random = new Random(seed);
        this.logs = Files.createTempDirectory("tooz-nemesis-");
    }

    /** The history of the first plan. */
    LockHistory history() {
        return histories.get(0);
    }

    /** The history of each plan, in the plans' order. */
    List<LockHistory> histories() {
        return histories;
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
                urlVia.apply(s.proxy.address()), options, name, plans, histories, logs.resolve(name + ".log"));
    }

    /**
     * A slot whose process believes it holds a grant of {@code history} now: the holder of the newest grant if it
     * still does, else the only believer; empty if there is none or several and the newest is gone.
     */
    Optional<Slot> holder(LockHistory history) {
        Optional<String> newest = history.newestGrantHolder();
        var holders = history.believedHolders();
        if (newest.isEmpty() && holders.size() != 1) {
            return Optional.empty();
        }
        String h = newest.orElseGet(() -> holders.iterator().next());
        return slots.stream().filter(s -> s.name().equals(h)).findFirst();
    }

    /** {@link #holder(LockHistory)} of the first plan. */
    Optional<Slot> holder() {
        return holder(history());
    }

    /** Waits at most {@code atMost} for a holder of {@code history}. */
    Optional<Slot> awaitHolder(LockHistory history, Duration atMost) throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (true) {
            Optional<Slot> h = holder(history);
            if (h.isPresent() || System.nanoTime() - deadline >= 0) {
                return h;
            }
            Thread.sleep(10);
        }
    }

    /** Waits at most {@code atMost} for a grant of {@code history} after its {@code after}-th; returns its holder. */
    Optional<Slot> awaitNewGrant(LockHistory history, int after, Duration atMost) throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (history.grantCount() <= after) {
            if (System.nanoTime() - deadline >= 0) {
                return Optional.empty();
            }
            Thread.sleep(5);
        }
        return holder(history);
    }

    /** {@link #awaitNewGrant(LockHistory, int, Duration)} of the first plan. */
    Optional<Slot> awaitNewGrant(int after, Duration atMost) throws InterruptedException {
        return awaitNewGrant(history(), after, atMost);
    }

    /** Cuts the slot's process off from the backend for {@code length}, then heals. */
    void partition(Slot s, Duration length) throws InterruptedException {
        String name = s.name();
        long cut = System.nanoTime();
        histories.forEach(h -> h.partition(name, cut));
        s.proxy.partition();
        try {
            Thread.sleep(length.toMillis());
        } finally {
            s.proxy.heal();
            long healed = System.nanoTime();
            histories.forEach(h -> h.heal(name, healed));
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
        long now = System.nanoTime();
        histories.forEach(h -> h.serverRestart(now));
        restart.run();
    }

    /** Freezes the backend with {@code freeze} (which blocks for {@code length}), recording when it began. */
    void freezeServer(java.util.function.Consumer<Duration> freeze, Duration length) {
        long now = System.nanoTime();
        histories.forEach(h -> h.serverFreeze(now));
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
                long healed = System.nanoTime();
                histories.forEach(h -> h.heal(s.name(), healed));
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
