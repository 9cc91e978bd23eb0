package io.tooz.internal;

import io.tooz.ToozException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Translates whatever a driver or a future threw into a {@link ToozException}. */
final class Errors {
    private Errors() {}

    static ToozException unwrap(Throwable t, String operation) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof ToozException te) {
            return te;
        }
        return new ToozException(operation + " failed: " + t, t);
    }
}
