package io.tooz.junit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Runs a scenario class (a nested test class of an extension test, disabled in normal runs) through the Launcher, as
 * a user's build would run it, so that a test can look at what the extension did after the scenario's tests ended.
 */
final class Scenarios {
    /** The configuration parameter that enables scenario classes; only {@link #run} sets it. */
    static final String ENABLED = "tooz.junit.scenario";

    private Scenarios() {}

    /** For {@code @EnabledIf("io.tooz.junit.Scenarios#launched")} on scenario classes. */
    static boolean launched(ExtensionContext context) {
        return context.getConfigurationParameter(ENABLED).isPresent();
    }

    /** Runs every test of {@code scenario} with these configuration parameters and returns the summary. */
    static TestExecutionSummary run(Class<?> scenario, Map<String, String> parameters) {
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        LauncherFactory.create()
                .execute(
                        LauncherDiscoveryRequestBuilder.request()
                                .selectors(selectClass(scenario))
                                .configurationParameter(ENABLED, "true")
                                .configurationParameters(parameters)
                                .build(),
                        listener);
        return listener.getSummary();
    }

    static TestExecutionSummary run(Class<?> scenario) {
        return run(scenario, Map.of());
    }

    /** The failures of a summary, with stack traces, for an assertion message. */
    static String failures(TestExecutionSummary summary) {
        StringBuilder out = new StringBuilder();
        summary.getFailures().forEach(f -> {
            out.append(f.getTestIdentifier().getDisplayName()).append(": ");
            java.io.StringWriter w = new java.io.StringWriter();
            f.getException().printStackTrace(new java.io.PrintWriter(w));
            out.append(w).append('\n');
        });
        return out.toString();
    }
}
