package io.tooz.junit;

/** Which backend the coordinators of a {@link ToozTest} class use. */
public enum BackendKind {
    /**
     * The URL in the system property {@value ToozExtension#URL_PROPERTY} if it is set, else the one in the environment
     * variable {@value ToozExtension#URL_VARIABLE}, else a fresh {@code memory://} backend. The default: one test
     * suite runs on {@code memory://} on a laptop and against a real server in CI.
     */
    CONFIGURED,

    /** A fresh {@code memory://} backend for the test class, whatever URL is configured. */
    MEMORY,

    /**
     * An Apache ZooKeeper server in this JVM, started for the first test class that asks for it and stopped when the
     * test run ends, whatever URL is configured. Needs {@code io.tooz:tooz-embedded-zookeeper} and {@code
     * io.tooz:tooz-driver-zookeeper} on the test class path.
     */
    EMBEDDED_ZOOKEEPER
}
