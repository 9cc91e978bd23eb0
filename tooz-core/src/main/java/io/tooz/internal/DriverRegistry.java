package io.tooz.internal;

import io.tooz.ToozConfigurationException;
import io.tooz.spi.DriverProvider;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** Finds driver providers by URL scheme with {@link ServiceLoader}; the highest priority wins a shared scheme. */
public final class DriverRegistry {
    private DriverRegistry() {}

    /** Every registered scheme with the provider that serves it. */
    public static Map<String, DriverProvider> providers() {
        Map<String, DriverProvider> byScheme = new TreeMap<>();
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        ServiceLoader<DriverProvider> loader =
                ServiceLoader.load(DriverProvider.class, cl != null ? cl : DriverRegistry.class.getClassLoader());
        for (DriverProvider p : loader) {
            for (String scheme : p.schemes()) {
                byScheme.merge(scheme, p, (a, b) -> a.priority() >= b.priority() ? a : b);
            }
        }
        return byScheme;
    }

    static DriverProvider forScheme(String scheme, String redactedUrl) {
        Map<String, DriverProvider> all = providers();
        DriverProvider p = all.get(scheme);
        if (p == null) {
            throw new ToozConfigurationException("no tooz driver for scheme '" + scheme + "' in URL '" + redactedUrl
                    + "'; registered schemes: " + String.join(", ", all.keySet())
                    + " (add the driver module, e.g. tooz-driver-" + scheme + ", to the classpath)");
        }
        return p;
    }
}
