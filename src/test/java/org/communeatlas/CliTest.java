package org.communeatlas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The command line lists its subcommands and each has --help. */
class CliTest {

    @Test
    void helpListsTheSubcommands() {
        String out = capture(() -> assertEquals(0, Main.run("--help")));
        for (String sub : new String[] {"serve", "migrate", "db"}) {
            assertTrue(out.contains(sub), sub + " in " + out);
        }
    }

    @Test
    void serveHelpNamesTheConfigurationOptions() {
        String out = capture(() -> assertEquals(0, Main.run("serve", "--help")));
        for (String option : new String[] {"--port", "--db-url", "--db-read-url", "--local-pg-port", "--tile-cache-mb", "--admin-password"}) {
            assertTrue(out.contains(option), option + " in " + out);
        }
    }

    @Test
    void anUnknownSubcommandFails() {
        PrintStream err = System.err;
        try {
            System.setErr(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            assertTrue(Main.run("no-such-command") != 0);
        } finally {
            System.setErr(err);
        }
    }

    static String capture(Runnable body) {
        PrintStream out = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
            body.run();
        } finally {
            System.setOut(out);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }
}
