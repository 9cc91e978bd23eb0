package io.tooz.cli;

import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The shape of the demo's probe tasks, shared by {@code tooz demo} and {@code tooz worker}. */
final class ProbeOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(
            names = "--tasks",
            paramLabel = "N",
            defaultValue = "254",
            description = "Probe tasks (default: 254, i.e. 127.0.0.1 .. 127.0.0.254).")
    int tasks;

    @Option(
            names = "--period",
            paramLabel = "DURATION",
            defaultValue = "2s",
            description = "Period of every task (default: 2s).")
    Duration period;

    /** The probes, or a usage error naming the bad option. */
    ProbeTasks probes() {
        if (period.toMillis() < 100) {
            throw new ParameterException(spec.commandLine(), "--period must be at least 100ms, got " + period);
        }
        try {
            return new ProbeTasks(tasks);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
