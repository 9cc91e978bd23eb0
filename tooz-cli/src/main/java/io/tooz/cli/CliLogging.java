package io.tooz.cli;

import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * The CLI's logging: everything through SLF4J (slf4j-simple, configured by {@code simplelogger.properties}: warnings
 * and errors only, on stderr). Libraries that log through {@code java.util.logging} (gRPC, under the etcd driver) are
 * bridged by jul-to-slf4j, their own console handler removed.
 */
final class CliLogging {
    private CliLogging() {}

    /** Routes java.util.logging into SLF4J; idempotent. */
    static void install() {
        if (SLF4JBridgeHandler.isInstalled()) {
            return;
        }
        SLF4JBridgeHandler.removeHandlersForRootLogger(); // JUL's console handler, which would print it again
        SLF4JBridgeHandler.install();
    }
}
