package io.tooz;

/** The driver does not offer the requested feature (tooz <code>NotImplemented</code>). Check {@link Coordinator#features()} first. */
public class UnsupportedFeatureException extends ToozException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception. */
    public UnsupportedFeatureException(String message) {
        super(message);
    }
}
