package org.communeatlas.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.communeatlas.data.generator.DemoGenerator;
import org.junit.jupiter.api.Test;

/** The generator is deterministic: the default seed reproduces the committed demo exactly. */
class DemoGeneratorTest {

    @Test
    void theDefaultSeedReproducesTheCommittedDemo() throws IOException {
        Path out = Path.of("target", "generated-demo");
        DemoGenerator.Summary summary = DemoGenerator.generate(DemoGenerator.DEFAULT_SEED, DemoGenerator.DEFAULT_HOUSEHOLDS, out);
        assertEquals(50_000, summary.counts().get(DemoFiles.HOUSEHOLDS));
        for (String file : DemoFiles.ALL) {
            // compare the content; gzip's compressed bytes could differ with another zlib build
            assertArrayEquals(content(Path.of("data", file)), content(out.resolve(file)), file + " differs from the committed demo");
        }
    }

    private static byte[] content(Path file) throws IOException {
        try (InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(Files.newInputStream(file)) : Files.newInputStream(file)) {
            return in.readAllBytes();
        }
    }
}
