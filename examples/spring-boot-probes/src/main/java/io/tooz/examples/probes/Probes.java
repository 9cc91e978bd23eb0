package io.tooz.examples.probes;

import io.tooz.schedule.TaskRun;
import io.tooz.spring.boot.PeriodicTasks;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The probes: {@code probes.count} task ids ({@code probe-001}...), each run once per {@code probes.period} on one of
 * the instances. Each run prints {@code RUN <task> <period> <token>} to stdout, so that runs of several instances can
 * be compared; once a period is over, one log line lists the tasks this instance ran in it.
 */
@Component
public class Probes {
    private static final Logger LOG = LoggerFactory.getLogger(Probes.class);
    private final List<String> targets;
    private final Map<Long, Set<String>> ranByPeriod = new TreeMap<>();

    public Probes(@Value("${probes.count:254}") int count) {
        this.targets = IntStream.rangeClosed(1, count)
                .mapToObj(i -> String.format("probe-%03d", i))
                .toList();
    }

    /** The task ids, read at every period boundary. */
    public List<String> targets() {
        return targets;
    }

    @PeriodicTasks(group = "probes", period = "${probes.period:2s}", idsFrom = "targets")
    public void probe(String task, TaskRun run) {
        System.out.println("RUN " + task + " " + run.period() + " " + run.fencingToken());
        record(task, run.period());
    }

    /** Logs each period's tasks once the first run of a later period shows it is over. */
    private synchronized void record(String task, long period) {
        ranByPeriod.computeIfAbsent(period, p -> new TreeSet<>()).add(task);
        while (ranByPeriod.size() > 1 && ((TreeMap<Long, Set<String>>) ranByPeriod).firstKey() < period) {
            Map.Entry<Long, Set<String>> done = ((TreeMap<Long, Set<String>>) ranByPeriod).pollFirstEntry();
            LOG.info(
                    "period {}: this instance ran {} of {} tasks: {}",
                    done.getKey(),
                    done.getValue().size(),
                    targets.size(),
                    done.getValue());
        }
    }
}
