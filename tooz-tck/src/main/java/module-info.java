/**
 * The contract tests every tooz driver passes ({@code io.tooz.tck}), with the fault tools they use.
 *
 * <p>{@code awaitility} is Awaitility's automatic module, named from its file (the jar declares no name); it is
 * required transitively because {@code ContractSupport.await()} returns its {@code ConditionFactory}.
 */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module io.tooz.tck {
    requires transitive io.tooz.core;
    requires transitive io.tooz.junit;
    requires transitive org.junit.jupiter.api;
    requires transitive org.junit.jupiter.params;
    requires transitive awaitility;
    requires org.assertj.core;
    requires java.logging;
    requires transitive org.junit.platform.engine;
    requires transitive org.junit.platform.launcher;

    exports io.tooz.tck;

    provides org.junit.platform.launcher.PostDiscoveryFilter with
            io.tooz.tck.ContractFilter;
}
