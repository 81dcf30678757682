package org.communeatlas.cli;

import java.util.concurrent.Callable;
import org.communeatlas.cluster.LocalCluster;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cluster up|down|status}: a primary, a streaming standby, two server instances and HAProxy, under .atlas/. */
@Command(name = "cluster", mixinStandardHelpOptions = true,
        description = "Start, stop or inspect a local cluster: primary and standby PostgreSQL, two servers, HAProxy on the HTTP port.")
public final class ClusterCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ACTION", description = "up, down or status")
    String action;

    @Option(names = "--bind", paramLabel = "ADDRESS", description = "address the proxy listens on (default 127.0.0.1: this machine only; "
            + "0.0.0.0 for every interface)")
    String bind = LocalCluster.LOOPBACK;

    @Override
    public Integer call() throws Exception {
        // the instances run this same command line: its root command's class is the program's entry point
        LocalCluster cluster = LocalCluster.of(options.resolve(), bind, spec.root().userObject().getClass().getName());
        switch (action) {
            case "up" -> {
                cluster.up();
                cluster.status().forEach(System.out::println);
                System.out.println("open " + cluster.base());
            }
            case "down" -> {
                cluster.down();
                System.out.println("stopped");
            }
            case "status" -> cluster.status().forEach(System.out::println);
            default -> throw new IllegalArgumentException("unknown action '" + action + "': use up, down or status");
        }
        return 0;
    }
}
