/** Micrometer meters for tooz coordinators and periodic schedulers: {@link io.tooz.micrometer.ToozMetrics}. */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module io.tooz.micrometer {
    requires transitive io.tooz.core;
    requires transitive micrometer.core;
    requires static org.jspecify;

    exports io.tooz.micrometer;
}
