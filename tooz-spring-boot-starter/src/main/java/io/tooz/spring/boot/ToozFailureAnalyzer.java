package io.tooz.spring.boot;

import io.tooz.DriverChosenPoorlyException;
import io.tooz.OperationTimedOutException;
import io.tooz.ToozConfigurationException;
import io.tooz.ToozConnectionException;
import io.tooz.ToozException;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a start that failed on a {@link ToozException}: which kind, the library's message (which never shows a
 * URL's user information; anything that looks like {@code //user:password@} is masked again here) and what to check.
 */
final class ToozFailureAnalyzer extends AbstractFailureAnalyzer<ToozException> {
    private static final Pattern USER_INFO = Pattern.compile("//[^/@\\s]*@");

    @Override
    protected @Nullable FailureAnalysis analyze(Throwable rootFailure, ToozException cause) {
        String message = redact(String.valueOf(cause.getMessage()));
        String description =
                "The tooz coordinator could not start (" + cause.getClass().getSimpleName() + "): " + message;
        return new FailureAnalysis(description, action(cause), cause);
    }

    static String redact(String text) {
        return USER_INFO.matcher(text).replaceAll("//***@");
    }

    private static String action(ToozException cause) {
        if (cause instanceof ToozConnectionException || cause instanceof OperationTimedOutException) {
            return "Check that the backend named by tooz.url is up and reachable from here, and its credentials;"
                    + " the driver option tooz.options.timeout bounds how long the start waits for it.";
        }
        if (cause instanceof DriverChosenPoorlyException) {
            return "Choose a backend whose driver has the required characteristics, or require fewer.";
        }
        if (cause instanceof ToozConfigurationException) {
            return "Check tooz.url (its scheme must name a tooz driver on the classpath, e.g. add"
                    + " io.tooz:tooz-driver-zookeeper for zookeeper://) and the tooz.options.* driver options.";
        }
        return "Check tooz.url, tooz.member-id and tooz.options.*.";
    }
}
