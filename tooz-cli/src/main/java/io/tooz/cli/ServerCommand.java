package io.tooz.cli;

import io.tooz.embedded.zookeeper.EmbeddedZooKeeper;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Runs a standalone ZooKeeper server in this process until Ctrl-C or {@code --for}. */
@Command(
        name = "server",
        description = {
            "Run a real standalone ZooKeeper server (Apache ZooKeeper's own) in this process, for the demo and local"
                    + " experiments, until Ctrl-C or SIGTERM (or --for elapses); then stop it cleanly.",
            "Without --data-dir the data lives in a fresh temporary directory deleted on exit.",
            "Exit 3 if the port is in use. With --json, one JSON object a line: {\"event\":\"listening\",...},"
                    + " {\"event\":\"stopped\"}."
        })
final class ServerCommand extends CoordinatorCommand {

    @Option(
            names = "--port",
            paramLabel = "PORT",
            defaultValue = "2181",
            description = "Client port (default: 2181; 0 picks a free one).")
    int port;

    @Option(
            names = "--bind",
            paramLabel = "ADDRESS",
            defaultValue = "127.0.0.1",
            description = "Address to listen on (default: 127.0.0.1).")
    String bind;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description = "Where to keep the data, kept on exit (default: a temporary directory deleted on exit).")
    Path dataDir;

    @Mixin
    RunFor runFor;

    @Override
    public Integer call() {
        EmbeddedZooKeeper zk = new EmbeddedZooKeeper(bind, port, dataDir);
        try {
            zk.start();
        } catch (EmbeddedZooKeeper.PortInUseException e) {
            return fail("cannot start ZooKeeper: " + e.getMessage() + " with --port", ExitCodes.CONNECTION);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(
                () -> {
                    zk.close();
                    stopped.countDown();
                },
                "tooz-server-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            announce(zk);
            try {
                if (runFor.duration == null) {
                    stopped.await();
                } else {
                    stopped.await(runFor.duration.toMillis(), TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } finally {
            zk.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or has run
            }
        }
        if (json()) {
            println(Json.write(Json.object("event", "stopped")));
        } else {
            println("ZooKeeper stopped");
        }
        return ExitCodes.OK;
    }

    private void announce(EmbeddedZooKeeper zk) {
        if (json()) {
            String dir = zk.dataDir().toString();
            println(Json.write(Json.object(
                    "event", "listening", "host", zk.host(), "port", zk.port(), "dataDir", dir, "url", zk.url())));
        } else {
            println("ZooKeeper listening on " + zk.connectString() + " (data " + zk.dataDir() + "); Ctrl-C stops it"
                    + (runFor.duration == null ? "" : ", or --for " + runFor.duration.toMillis() + "ms"));
            println("url: " + zk.url());
        }
    }
}
