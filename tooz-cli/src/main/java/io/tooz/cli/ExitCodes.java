package io.tooz.cli;

import io.tooz.InvalidNameException;
import io.tooz.SerializationException;
import io.tooz.ToozConfigurationException;
import io.tooz.ToozConnectionException;
import io.tooz.ToozException;
import io.tooz.UnsupportedFeatureException;
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

    static int onParameterException(ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        String name = cmd.getCommandSpec().qualifiedName();
        cmd.getErr().println("tooz: " + e.getMessage() + " (see '" + name + " --help')");
        cmd.getErr().flush();
        return USAGE;
    }

    static int onExecutionException(Exception e, CommandLine cmd, ParseResult parsed) {
        cmd.getOut().flush();
        cmd.getErr().println("tooz: " + message(e));
        if (System.getenv("TOOZ_DEBUG") != null) {
            e.printStackTrace(cmd.getErr());
        }
        cmd.getErr().flush();
        return of(e);
    }
}
