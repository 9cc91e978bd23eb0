package io.tooz.cli;

import io.tooz.InvalidNameException;
import io.tooz.SerializationException;
import io.tooz.ToozConfigurationException;
import io.tooz.ToozConnectionException;
import io.tooz.ToozException;
import io.tooz.UnsupportedFeatureException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/** Exit codes and the one-line error reports behind them. */
final class ExitCodes {
    /** Success. */
    static final int OK = 0;
    /** The operation failed: lock not acquired, group missing, member not joined, no leader... */
    static final int FAILED = 1;
    /** Bad command line, URL, option, name or input. */
    static final int USAGE = 2;
    /** The backend could not be reached. */
    static final int CONNECTION = 3;
    /** Interrupted by Ctrl-C (SIGINT), after releasing what was held; the JVM's own exit status for SIGINT. */
    static final int INTERRUPTED = 130;

    private ExitCodes() {}

    /** The exit code for an exception thrown by a command. */
    static int of(Throwable e) {
        if (e instanceof ParameterException
                || e instanceof ToozConfigurationException
                || e instanceof InvalidNameException
                || e instanceof SerializationException
                || e instanceof UnsupportedFeatureException
                || e instanceof IllegalArgumentException) {
            return USAGE;
        }
        if (e instanceof ToozConnectionException) {
            return CONNECTION;
        }
        return FAILED;
    }

    /** The message printed for an exception: its own message, never a stack trace. */
    static String message(Throwable e) {
        String m = e.getMessage();
        if (e instanceof ToozException
                || e instanceof IllegalArgumentException
                || e instanceof java.io.UncheckedIOException) {
            return m != null ? m : e.getClass().getSimpleName();
        }
        return "unexpected " + e.getClass().getName() + (m != null ? ": " + m : "");
    }

    /** What an exit code means, as the {@code "meaning"} of a JSON error. */
    static String meaning(int exit) {
        return switch (exit) {
            case OK -> "ok";
            case FAILED -> "failed";
            case USAGE -> "usage";
            case CONNECTION -> "connection";
            case INTERRUPTED -> "interrupted";
            default -> "exit " + exit;
        };
    }

    /**
     * Reports an error on {@code err}: {@code tooz: MESSAGE}, or with {@code json} one line {@code {"error": MESSAGE,
     * "exit": EXIT, "meaning": ...}}; returns {@code exit}.
     */
    static int report(PrintWriter err, boolean json, String message, int exit) {
        if (json) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("error", message);
            row.put("exit", exit);
            row.put("meaning", meaning(exit));
            err.println(Json.write(row));
        } else {
            err.println("tooz: " + message);
        }
        err.flush();
        return exit;
    }

    static int onParameterException(ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        String name = cmd.getCommandSpec().qualifiedName();
        return report(cmd.getErr(), jsonAsked(args), e.getMessage() + " (see '" + name + " --help')", USAGE);
    }

    static int onExecutionException(Exception e, CommandLine cmd, ParseResult parsed) {
        cmd.getOut().flush();
        int exit = report(cmd.getErr(), jsonAsked(parsed.originalArgs().toArray(String[]::new)), message(e), of(e));
        if (System.getenv("TOOZ_DEBUG") != null) {
            e.printStackTrace(cmd.getErr());
            cmd.getErr().flush();
        }
        return exit;
    }

    /** Whether {@code --json} is among the options (before a {@code --} that ends them). */
    static boolean jsonAsked(String[] args) {
        List<String> list = List.of(args);
        int end = list.indexOf("--");
        return (end < 0 ? list : list.subList(0, end)).contains("--json");
    }
}
