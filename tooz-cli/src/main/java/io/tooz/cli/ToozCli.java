package io.tooz.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code tooz} command. Global options ({@code --url}, {@code --member-id}, {@code --json}, {@code --option}) are
 * accepted before or after the subcommand name. Exit codes: 0 ok, 1 operation failed, 2 usage error, 3 connection
 * error. Input and output are UTF-8.
 */
@Command(
        name = "tooz",
        mixinStandardHelpOptions = true,
        versionProvider = ToozCli.Version.class,
        description = "Distributed coordination from the shell: groups, members, leaders, locks, hash ring.",
        subcommands = {
            DriversCommand.class,
            GroupsCommand.class,
            CreateCommand.class,
            DeleteCommand.class,
            MembersCommand.class,
            JoinCommand.class,
            LeaveCommand.class,
            LeaderCommand.class,
            LockCommand.class,
            SemaphoreCommand.class,
            WatchCommand.class,
            HashringCommand.class,
            DemoCommand.class,
            WorkerCommand.class,
            ServerCommand.class,
            BenchCommand.class
        },
        footer = {
            "",
            "Exit codes: 0 ok, 1 operation failed (lock not acquired, group missing, ...), 2 usage error,"
                    + " 3 connection error, 130 interrupted (Ctrl-C; a held lock is released, a held membership left"
                    + " first).",
            "Durations: 10s, 500ms, 2m, 1h or plain seconds. Environment: TOOZ_URL (default memory://default)."
        })
public final class ToozCli implements Callable<Integer> {

    @Mixin
    GlobalOptions global;

    @Spec
    CommandSpec spec;

    /** Standard input, for commands that read keys (replaceable in tests). */
    final InputStream in;

    /** Creates the command reading standard input; for picocli.AutoComplete, which generates the shell completion. */
    public ToozCli() {
        this(System.in);
    }

    /** Creates the command reading standard input from {@code in}. */
    public ToozCli(InputStream in) {
        this.in = in;
    }

    @Override
    public Integer call() {
        return ExitCodes.report(
                spec.commandLine().getErr(), global.json, "missing command (see 'tooz --help')", ExitCodes.USAGE);
    }

    /** A command line wired with the tooz error handling, reading {@code in} and writing {@code out} and {@code err}. */
    public static CommandLine commandLine(InputStream in, PrintWriter out, PrintWriter err) {
        CommandLine cmd = new CommandLine(new ToozCli(in));
        cmd.registerConverter(Duration.class, DurationConverter::parse); // every DURATION option, defaults included
        cmd.setOut(out);
        cmd.setErr(err);
        cmd.setParameterExceptionHandler(ExitCodes::onParameterException);
        cmd.setExecutionExceptionHandler(ExitCodes::onExecutionException);
        return cmd;
    }

    /**
     * Runs {@code args} and returns the exit code without exiting. What it writes shows no argument's password
     * ({@link Secrets}).
     */
    public static int run(InputStream in, PrintWriter out, PrintWriter err, String... args) {
        try {
            List<String> all = List.of(args);
            return commandLine(in, Secrets.scrubbing(out, all), Secrets.scrubbing(err, all))
                    .execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** Entry point. */
    public static void main(String[] args) {
        CliLogging.install();
        PrintWriter out = new PrintWriter(
                new OutputStreamWriter(new FileOutputStream(FileDescriptor.out), StandardCharsets.UTF_8));
        PrintWriter err = new PrintWriter(
                new OutputStreamWriter(new FileOutputStream(FileDescriptor.err), StandardCharsets.UTF_8), true);
        System.exit(run(System.in, out, err, args));
    }

    /** Reports the jar's Implementation-Version. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = ToozCli.class.getPackage().getImplementationVersion();
            return new String[] {"tooz " + (v != null ? v : "(development build)")};
        }
    }
}
