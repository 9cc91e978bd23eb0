package io.tooz.cli;

import io.tooz.hashring.HashRing;
import io.tooz.hashring.HashRingBuilder;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** Maps keys read from stdin onto nodes with Python tooz's consistent hash ring; offline, no coordinator. */
@Command(
        name = "hashring",
        description = {
            "Read keys from stdin, one a line (UTF-8; empty lines skipped), and print KEY<TAB>NODE[,NODE...] with"
                    + " the owning nodes sorted, exactly as Python tooz's HashRing.get_nodes(key.encode('utf-8'),"
                    + " ignore_nodes, replicas) would. Works offline; --url is ignored.",
            "With --json, one {\"key\":..,\"nodes\":[..]} object a line."
        })
final class HashringCommand extends CoordinatorCommand {
    /** Orders node names by code point, as Python's sorted() does. */
    static final Comparator<String> CODE_POINT_ORDER = (a, b) -> {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    };

    @Option(names = "--nodes", required = true, split = ",", paramLabel = "NODE", description = "The ring's nodes.")
    List<String> nodes;

    @Option(
            names = "--weights",
            split = ",",
            paramLabel = "NODE=WEIGHT",
            description = "Node weights (default 1 each), e.g. a=2,b=1.")
    Map<String, Integer> weights = new LinkedHashMap<>();

    @Option(
            names = "--replicas",
            defaultValue = "1",
            paramLabel = "N",
            description = "How many nodes own each key (default 1).")
    int replicas;

    @Option(names = "--ignore", split = ",", paramLabel = "NODE", description = "Nodes to skip.")
    Set<String> ignore = new LinkedHashSet<>();

    @Option(
            names = "--partitions",
            defaultValue = "" + HashRing.DEFAULT_PARTITIONS,
            paramLabel = "N",
            description = "Ring points per unit of weight (default 32, as Python tooz).")
    int partitions;

    @Override
    public Integer call() {
        HashRing ring = ring();
        if (replicas < 0) {
            throw new ParameterException(spec.commandLine(), "--replicas must be >= 0, got " + replicas);
        }
        try (BufferedReader in = new BufferedReader(new InputStreamReader(root.in, StandardCharsets.UTF_8))) {
            for (String key = in.readLine(); key != null; key = in.readLine()) {
                if (key.isEmpty()) {
                    continue;
                }
                List<String> owners =
                        new ArrayList<>(ring.getNodes(key.getBytes(StandardCharsets.UTF_8), ignore, replicas));
                owners.sort(CODE_POINT_ORDER);
                out().println(json() ? line(key, owners) : key + "\t" + String.join(",", owners));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read keys from stdin: " + e.getMessage(), e);
        }
        out().flush();
        return ExitCodes.OK;
    }

    private HashRing ring() {
        for (String node : weights.keySet()) {
            if (!nodes.contains(node)) {
                throw new ParameterException(
                        spec.commandLine(), "--weights names " + node + ", which is not in --nodes " + nodes);
            }
        }
        try {
            HashRingBuilder b = HashRing.builder().partitions(partitions);
            for (String node : nodes) {
                b.add(node, weights.getOrDefault(node, 1));
            }
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private static String line(String key, List<String> owners) {
        return Json.write(Json.object("key", key, "nodes", owners));
    }
}
