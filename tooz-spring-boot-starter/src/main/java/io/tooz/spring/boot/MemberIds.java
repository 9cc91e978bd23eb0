package io.tooz.spring.boot;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.atomic.AtomicInteger;

/** The default member id: {@code <application>-<host>-<pid>}, with a counter from a JVM's second coordinator on. */
final class MemberIds {
    private static final AtomicInteger CREATED = new AtomicInteger();

    private MemberIds() {}

    static String next(String application) {
        int n = CREATED.incrementAndGet();
        String id = application + "-" + host() + "-" + ProcessHandle.current().pid() + (n > 1 ? "-" + n : "");
        return id.replaceAll("[^A-Za-z0-9._-]", "-");
    }

    private static String host() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }
}
