package org.communeatlas.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.communeatlas.data.generator.SosGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code generate sos}: a stream of calls for help with its truth, as volunteer lists hold them, for tests and the bench. */
@Command(name = "sos", mixinStandardHelpOptions = true,
        description = "Generate calls for help from a dataset's families, with the truth of each: two lists to import (sos-wave-1.csv, "
                + "sos-wave-2.csv) and sos-truth.csv.")
public final class GenerateSosCommand implements Callable<Integer> {

    @Option(names = "--calls", paramLabel = "N", description = "calls to generate (default ${DEFAULT-VALUE})")
    int calls = 10_000;

    @Option(names = "--seed", paramLabel = "S", description = "random seed (default ${DEFAULT-VALUE})")
    long seed = 20251029L;

    @Option(names = "--data", paramLabel = "DIR", description = "the dataset whose families call (default ${DEFAULT-VALUE}, the demo)")
    Path data = Path.of("data");

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "output directory")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (calls < 1 || calls > 1_000_000) {
            throw new IllegalArgumentException("--calls must be between 1 and 1,000,000");
        }
        List<SosGenerator.Call> generated = SosGenerator.generate(data, calls, seed);
        Files.createDirectories(out);
        SosGenerator.writeCsv(generated, 1, out.resolve("sos-wave-1.csv"));
        SosGenerator.writeCsv(generated, 2, out.resolve("sos-wave-2.csv"));
        SosGenerator.writeTruth(generated, out.resolve("sos-truth.csv"));
        Map<SosGenerator.Kind, Long> kinds = generated.stream().collect(Collectors.groupingBy(SosGenerator.Call::kind, Collectors.counting()));
        kinds.forEach((kind, n) -> System.out.printf("%-10s %,9d%n", kind.name().toLowerCase(), n));
        System.out.printf("%-10s %,9d%n", "critical", generated.stream().filter(SosGenerator.Call::critical).count());
        return 0;
    }
}
