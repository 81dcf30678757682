package org.communeatlas.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.communeatlas.data.generator.DemoGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code generate}: write a synthetic dataset of Quảng Nam (the committed demo, or a larger benchmark set). */
@Command(name = "generate", mixinStandardHelpOptions = true, subcommands = GenerateSosCommand.class,
        description = "Generate the synthetic Quảng Nam dataset: same seed and size, byte-identical files. "
                + "'generate sos' generates calls for help from its families.")
public final class GenerateCommand implements Callable<Integer> {

    @Option(names = "--seed", paramLabel = "S", description = "random seed (default ${DEFAULT-VALUE}, the committed demo)")
    long seed = DemoGenerator.DEFAULT_SEED;

    @Option(names = "--households", paramLabel = "N", description = "households to generate (default ${DEFAULT-VALUE}; "
            + "up to 100,000 in Tam Kỳ and Phú Ninh, more over the whole province)")
    int households = DemoGenerator.DEFAULT_HOUSEHOLDS;

    @Option(names = "--spread", paramLabel = "WHERE", description = "where households go: DELTA (Tam Kỳ and Phú Ninh) or PROVINCE "
            + "(every mainland village); default DELTA up to 100,000 households, PROVINCE above")
    DemoGenerator.Spread spread;

    @Option(names = "--out", paramLabel = "DIR", description = "output directory (required)")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (out == null) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "Missing required option: '--out=DIR'");
        }
        if (households < 0 || households > 5_000_000) {
            throw new IllegalArgumentException("--households must be between 0 and 5,000,000");
        }
        DemoGenerator.Summary summary = DemoGenerator.generate(seed, households,
                spread == null ? DemoGenerator.Spread.forSize(households) : spread, out);
        summary.counts().forEach((file, rows) -> System.out.printf("%-28s %,9d%n", file, rows));
        return 0;
    }
}
