package io.tooz.cli;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine.Option;

/**
 * Options every command accepts, before or after the subcommand name: {@code tooz --url X groups} and {@code tooz
 * groups --url X} are the same. A value given after the subcommand wins. No picocli defaults here, so that parsing a
 * subcommand never overwrites what was given before it; defaults are resolved in {@link #over}.
 */
final class GlobalOptions {
    /** The URL used when neither {@code --url} nor {@code TOOZ_URL} is given. */
    static final String DEFAULT_URL = "memory://default";

    @Option(
            names = "--url",
            paramLabel = "URL",
            description = "Backend URL, e.g. memory://test, zookeeper://127.0.0.1:2181 (default: $TOOZ_URL or "
                    + DEFAULT_URL + ").")
    String url;

    @Option(
            names = "--member-id",
            paramLabel = "ID",
            description = "This member's id (default: random tooz-cli-<8 hex>).")
    String memberId;

    @Option(names = "--json", description = "Machine-readable output: one JSON document (or JSON line) per result.")
    boolean json;

    @Option(
            names = {"-o", "--option"},
            paramLabel = "NAME=VALUE",
            description = "Driver option, as in the URL query; repeatable; wins over the URL's.")
    List<String> options = new ArrayList<>();

    /** The effective options: this command's values over the top-level command's, over the defaults. */
    Resolved over(GlobalOptions top) {
        String u = url != null ? url : top.url;
        String m = memberId != null ? memberId : top.memberId;
        Map<String, String> opts = new LinkedHashMap<>();
        int n = 0;
        for (List<String> list : List.of(top.options, options)) {
            for (String kv : list) {
                n++;
                int eq = kv.indexOf('=');
                if (eq <= 0) { // not quoted: it may be a password typed without its NAME=
                    throw new IllegalArgumentException(
                            "--option expects NAME=VALUE, e.g. -o timeout=10; -o/--option number " + n
                                    + (eq < 0 ? " has no '='" : " has no name before its '='"));
                }
                opts.put(kv.substring(0, eq), kv.substring(eq + 1)); // given twice: the last wins
            }
        }
        String env = System.getenv("TOOZ_URL");
        String effectiveUrl = u != null ? u : env != null && !env.isBlank() ? env : DEFAULT_URL;
        String member = m != null
                ? m
                : "tooz-cli-"
                        + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        return new Resolved(effectiveUrl, u != null, member, m != null, json || top.json, opts);
    }

    /**
     * Resolved global options.
     *
     * @param url the backend URL
     * @param urlGiven whether {@code --url} was given explicitly
     * @param memberId the member id
     * @param memberIdGiven whether {@code --member-id} was given explicitly
     * @param json whether to print JSON
     * @param options driver options
     */
    record Resolved(
            String url,
            boolean urlGiven,
            String memberId,
            boolean memberIdGiven,
            boolean json,
            Map<String, String> options) {}
}
