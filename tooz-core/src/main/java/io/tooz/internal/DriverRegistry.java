package io.tooz.internal;

import io.tooz.ToozConfigurationException;
import io.tooz.spi.DriverProvider;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** Finds driver providers by URL scheme with {@link ServiceLoader}; the highest priority wins a shared scheme. */
public final class DriverRegistry {
    private DriverRegistry() {}

    private static final Map<ClassLoader, Map<String, DriverProvider>> CACHE =
            java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

    /** Every registered scheme with the provider that serves it (looked up once per class loader). */
    public static Map<String, DriverProvider> providers() {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        ClassLoader key = cl != null ? cl : DriverRegistry.class.getClassLoader();
        return CACHE.computeIfAbsent(key, DriverRegistry::load);
    }

    private static Map<String, DriverProvider> load(ClassLoader cl) {
        Map<String, DriverProvider> byScheme = new TreeMap<>();
        ServiceLoader<DriverProvider> loader = ServiceLoader.load(DriverProvider.class, cl);
        for (DriverProvider p : loader) {
            for (String scheme : p.schemes()) {
                byScheme.merge(scheme, p, (a, b) -> a.priority() >= b.priority() ? a : b);
            }
        }
        return java.util.Collections.unmodifiableMap(byScheme);
    }

    static DriverProvider forScheme(String scheme, String redactedUrl) {
        Map<String, DriverProvider> all = providers();
        DriverProvider p = all.get(scheme);
        if (p != null) {
            return p;
        }
        String registered = "schemes on the classpath: " + String.join(", ", all.keySet());
        String supported = "supported schemes: " + KnownSchemes.supported();
        if (!supported.endsWith(": " + String.join(", ", all.keySet()))) {
            supported += "; " + registered;
        }
        String module = KnownSchemes.module(scheme);
        String unsupported = KnownSchemes.unsupported(scheme);
        String advice;
        if (module != null) {
            advice = "add the driver module " + module + " to the classpath; " + registered;
        } else if (unsupported != null) {
            advice = "the " + scheme + ":// backend (" + unsupported + ") is not supported by Tooz for Java yet; "
                    + supported;
        } else {
            advice = "no Tooz for Java or Python tooz backend has this scheme; " + supported;
        }
        throw new ToozConfigurationException(
                "no tooz driver for scheme '" + scheme + "' in URL '" + redactedUrl + "'; " + advice);
    }
}
