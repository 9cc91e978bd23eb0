package io.tooz.cli;

import io.tooz.spi.DriverProvider;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;
import java.util.TreeSet;
import picocli.CommandLine.Command;

/** Lists the driver providers found on the class path. */
@Command(name = "drivers", description = "List the available drivers: URL schemes and description.")
final class DriversCommand extends CoordinatorCommand {

    @Override
    public Integer call() {
        List<DriverProvider> providers = new ArrayList<>();
        ServiceLoader.load(DriverProvider.class).forEach(providers::add);
        providers.sort(Comparator.comparing(p -> String.join(",", new TreeSet<>(p.schemes()))));
        List<Object> rows = new ArrayList<>();
        for (DriverProvider p : providers) {
            List<String> schemes = new ArrayList<>(new TreeSet<>(p.schemes()));
            if (json()) {
                rows.add(Json.object(
                        "schemes", schemes, "description", p.description(), "priority", (long) p.priority()));
            } else {
                println(String.join(",", schemes) + "\t" + p.description());
            }
        }
        if (json()) {
            println(Json.write(rows));
        }
        return ExitCodes.OK;
    }
}
