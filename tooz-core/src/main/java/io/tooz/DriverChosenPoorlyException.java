package io.tooz;

/** The driver chosen by the URL lacks a characteristic the caller required (tooz <code>ToozDriverChosenPoorly</code>). */
public class DriverChosenPoorlyException extends ToozConfigurationException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception. */
    public DriverChosenPoorlyException(String message) {
        super(message);
    }
}
