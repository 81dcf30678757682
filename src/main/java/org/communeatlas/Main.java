package org.communeatlas;

import org.communeatlas.cli.ClusterCommand;
import org.communeatlas.cli.DbCommand;
import org.communeatlas.cli.ExportCommand;
import org.communeatlas.cli.GenerateCommand;
import org.communeatlas.cli.ImportCommand;
import org.communeatlas.cli.MigrateCommand;
import org.communeatlas.cli.ServeCommand;
import org.communeatlas.cli.UserCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code commune-atlas} command line: one jar, several subcommands. */
@Command(name = "commune-atlas",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Map server for Quảng Nam: \"Dân vận khéo\" models, their coverage, flood isolation and evacuation.",
        subcommands = {
            ServeCommand.class,
            MigrateCommand.class,
            ImportCommand.class,
            ExportCommand.class,
            GenerateCommand.class,
            UserCommand.class,
            DbCommand.class,
            ClusterCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (tests call this instead of {@link #main}). */
    public static int run(String... args) {
        return new CommandLine(new Main())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    cmd.getErr().println(cmd.getColorScheme().errorText("error: " + e.getMessage()));
                    return 1;
                })
                .execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"commune-atlas " + Services.version()};
        }
    }
}
