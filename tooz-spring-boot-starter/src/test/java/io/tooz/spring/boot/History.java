package io.tooz.spring.boot;

import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/** Runs recorded by the test applications' beans, per test key (a group or a name unique to the test). */
final class History {
    private static final Map<String, Queue<Entry>> BY_KEY = new ConcurrentHashMap<>();

    /** One run: what ran, for which period or trigger, on which member, with which token, when. */
    record Entry(String task, long period, String member, long token, long atNanos) {}

    private History() {}

    static void record(String key, String task, long period, String member, long token) {
        BY_KEY.computeIfAbsent(key, k -> new ConcurrentLinkedQueue<>())
                .add(new Entry(task, period, member, token, System.nanoTime()));
    }

    static List<Entry> of(String key) {
        return List.copyOf(BY_KEY.getOrDefault(key, new ConcurrentLinkedQueue<>()));
    }
}
