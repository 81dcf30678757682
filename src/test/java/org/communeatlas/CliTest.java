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

    /** {@code generate sos}: two lists the SOS import reads and the truth, the same for the same seed. */
    @Test
    void generateSosWritesTwoListsAndTheirTruth() throws Exception {
        java.nio.file.Path out = java.nio.file.Path.of("target", "generated-sos");
        String printed = capture(() -> assertEquals(0, Main.run("generate", "sos", "--calls", "500", "--seed", "7", "--out", out.toString())));
        assertTrue(printed.contains("repost") && printed.contains("critical"), printed);
        java.util.List<String> truth = java.nio.file.Files.readAllLines(out.resolve("sos-truth.csv"));
        assertEquals(501, truth.size(), "a header and a row a call");
        String first = java.nio.file.Files.readString(out.resolve("sos-wave-1.csv"));
        assertTrue(first.startsWith("\uFEFF\"Thời gian\",\"Họ tên\",\"Số điện thoại\",\"Địa chỉ\",\"Kinh độ\",\"Vĩ độ\""), first.substring(0, 60));
        byte[] again = java.nio.file.Files.readAllBytes(out.resolve("sos-wave-1.csv"));
        capture(() -> assertEquals(0, Main.run("generate", "sos", "--calls", "500", "--seed", "7", "--out", out.toString())));
        org.junit.jupiter.api.Assertions.assertArrayEquals(again, java.nio.file.Files.readAllBytes(out.resolve("sos-wave-1.csv")), "deterministic");
        PrintStream err = System.err;
        try {
            System.setErr(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            assertTrue(Main.run("generate", "--seed", "1") != 0, "the dataset still needs --out");
        } finally {
            System.setErr(err);
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
