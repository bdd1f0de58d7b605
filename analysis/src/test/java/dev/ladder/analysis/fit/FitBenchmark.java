package dev.ladder.analysis.fit;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Measures the speed targets; not a test. Approach 3 on 250 runs with 1000 bootstrap resamples (target: under 10 s
 * on 2 cores), and, when -Dladder.shared points at ../shared, the Epoch AI grid fit (screened and exhaustive).
 * Prints wall time and process CPU time (CPU / cores is what an otherwise idle machine would take). Run it with
 * (from the repository root):
 * <pre>
 * ./mvnw -q -pl analysis test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -Dladder.shared=../shared \
 *     -cp analysis/target/classes:analysis/target/test-classes:$(cat analysis/target/cp.txt) \
 *     dev.ladder.analysis.fit.FitBenchmark
 * </pre>
 */
public final class FitBenchmark {

    private FitBenchmark() {
    }

    public static void main(String[] args) {
        FitData data = SyntheticLadder.CHINCHILLA.isoFlop(10, 25, 0.01, 1);
        ChinchillaLaw law = new ChinchillaLaw(Budgets.beyond(data));
        System.out.printf(Locale.ROOT, "%d runs, %d processors%n", data.finals().size(),
                Runtime.getRuntime().availableProcessors());
        for (int round = 1; round <= 3; round++) {
            Clock clock = new Clock();
            Estimate full = law.fit(data);
            String grid = clock.lap();
            Bootstrap.Outcome outcome = Bootstrap.run(law, data, full, 1000, 0, 0.95);
            System.out.printf(Locale.ROOT, "round %d: grid fit %s, 1000 bootstrap refits %s, total %s; %d refused; "
                    + "beta %.4f %s%n", round, grid, clock.lap(), clock.total(), outcome.failures(),
                    full.value("beta"), List.of(outcome.intervals().get("beta")[0],
                            outcome.intervals().get("beta")[1]));
        }
        String shared = System.getProperty("ladder.shared", "");
        if (!shared.isEmpty() && Files.isRegularFile(Path.of(shared, "data", "svg_extracted_data.csv"))) {
            FitData epoch = ChinchillaEpochTest.epochData();
            Budgets budgets = new Budgets(List.of(5.76e23));
            for (MultiStartFit.Screen screen : List.of(MultiStartFit.Screen.standard(),
                    MultiStartFit.Screen.exhaustive())) {
                Clock clock = new Clock();
                Estimate fit = new ChinchillaLaw("chinchilla", budgets, ChinchillaLaw.epochGrid(), screen).fit(epoch);
                System.out.printf(Locale.ROOT, "Epoch grid (4500 starts, 240 points, %s): %s, objective %.10e%n",
                        screen, clock.lap(), fit.objective());
            }
        }
    }

    /** Wall and process CPU time since the last lap. */
    private static final class Clock {

        private final long wallStart = System.nanoTime();
        private final long cpuStart = cpu();
        private long wall = wallStart;
        private long cpuLast = cpuStart;

        String lap() {
            long nowWall = System.nanoTime();
            long nowCpu = cpu();
            String text = format(nowWall - wall, nowCpu - cpuLast);
            wall = nowWall;
            cpuLast = nowCpu;
            return text;
        }

        String total() {
            return format(System.nanoTime() - wallStart, cpu() - cpuStart);
        }

        private static String format(long wallNanos, long cpuNanos) {
            return String.format(Locale.ROOT, "%.2f s wall (%.2f s CPU)", wallNanos / 1e9, cpuNanos / 1e9);
        }

        private static long cpu() {
            return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime();
        }
    }
}
