package dev.ladder.analysis.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ladder.analysis.run.RunFixtures;
import dev.ladder.data.runlog.RunJson;
import dev.ladder.data.runlog.RunSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fit command on a CSV and on run directories: fit.json content, refusals and exit codes. */
class FitCommandTest {

    @TempDir
    Path dir;

    /** A nanoGPT-style CSV from L = 1.8 + 480/N^0.35 + 2100/D^0.37 on an IsoFLOP design, with 0.5% noise. */
    private Path writeCsv() throws Exception {
        List<String> lines = new ArrayList<>();
        lines.add("model,n_params,tokens_seen,val_loss");
        Random rng = new Random(3);
        for (int i = 0; i < 5; i++) {
            double c = 1e18 * Math.pow(4, i);
            for (int j = 0; j < 7; j++) {
                double n = 3e7 * Math.pow(2.5, i) * Math.pow(3, j - 3);
                double d = c / (6 * n);
                double loss = (1.8 + 480 / Math.pow(n, 0.35) + 2100 / Math.pow(d, 0.37))
                        * Math.exp(0.005 * rng.nextGaussian());
                lines.add(String.format(Locale.ROOT, "\"gpt, %d-%d\",%.0f,%.0f,%.6f", i, j, n, d, loss));
            }
        }
        Path csv = dir.resolve("nanogpt.csv");
        Files.write(csv, lines);
        return csv;
    }

    @Test
    void fitsACsvAndWritesFitJson() throws Exception {
        Path csv = writeCsv();
        CliRun run = CliRun.of(new FitCommand(), "--csv", csv.toString(), "--columns",
                "N=n_params,D=tokens_seen,loss=val_loss,run=model", "--law", "chinchilla", "--bootstrap", "40",
                "--holdout", "3", "--seed", "5", "--out", dir.toString());
        assertThat(run.exitCode()).as(run.err()).isEqualTo(0);
        assertThat(run.out()).contains("chinchilla").contains("alpha").contains("holdout");
        JsonNode fit = RunJson.MAPPER.readTree(dir.resolve("fit.json").toFile()).get("fits").get(0);
        assertThat(fit.get("law").asText()).isEqualTo("chinchilla");
        assertThat(fit.get("parameters").get("E").asDouble()).isCloseTo(1.8, within(0.1));
        assertThat(fit.get("intervals").get("beta")).hasSize(2);
        assertThat(fit.get("seed").asLong()).isEqualTo(5);
        assertThat(fit.get("bootstrap").asInt()).isEqualTo(40);
        assertThat(fit.get("bootstrapMethod").asText()).isEqualTo("runs");
        assertThat(fit.get("runsUsed")).hasSize(35);
        assertThat(fit.get("conventions").get("params").asText()).isEqualTo("column n_params");
        assertThat(fit.get("holdout").get("heldOut")).hasSize(3);
        assertThat(fit.get("inputs").get(0).asText()).isEqualTo(csv.toString());
    }

    @Test
    void residualBootstrapIsRecordedInFitJsonAndNamedInTheTable() throws Exception {
        Path csv = writeCsv();
        CliRun run = CliRun.of(new FitCommand(), "--csv", csv.toString(), "--columns",
                "N=n_params,D=tokens_seen,loss=val_loss,run=model", "--law", "chinchilla", "--bootstrap", "20",
                "--bootstrap-method", "residuals", "--out", dir.toString());
        assertThat(run.exitCode()).as(run.err()).isEqualTo(0);
        assertThat(run.out()).contains("20 resamples, seed 0; residuals: the design fixed, residuals resampled");
        JsonNode fit = RunJson.MAPPER.readTree(dir.resolve("fit.json").toFile()).get("fits").get(0);
        assertThat(fit.get("bootstrapMethod").asText()).isEqualTo("residuals");
        assertThat(fit.get("intervals").get("E")).hasSize(2);
    }

    @Test
    void anUnknownBootstrapMethodNamesTheOptionTheValueAndTheAllowedOnes() throws Exception {
        Path csv = writeCsv();
        CliRun run = CliRun.of(new FitCommand(), "--csv", csv.toString(), "--columns",
                "N=n_params,D=tokens_seen,loss=val_loss", "--bootstrap-method", "cases", "--out", dir.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--bootstrap-method").contains("cases").contains("runs").contains("residuals");
        assertThat(dir.resolve("fit.json")).doesNotExist();
    }

    @Test
    void aMissingCsvColumnIsInvalidInputNamingTheColumnAndTheAllowedOnes() throws Exception {
        Path csv = writeCsv();
        CliRun run = CliRun.of(new FitCommand(), "--csv", csv.toString(), "--columns",
                "N=params,D=tokens_seen,loss=val_loss", "--out", dir.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("params").contains("n_params").contains("tokens_seen");
    }

    @Test
    void anUnknownLawListsTheAllowedValues() {
        CliRun run = CliRun.of(new FitCommand(), "--law", "chinchila", dir.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("chinchila").contains("isoflop").contains("envelope");
    }

    @Test
    void refusesTooFewRunsAndListsTheDivergedOneInFitJson() throws Exception {
        Path ladder = dir.resolve("tiny");
        RunFixtures.writeRun(ladder, "a", 10_000, RunSummary.Status.COMPLETED, 0);
        RunFixtures.writeRun(ladder, "b", 20_000, RunSummary.Status.COMPLETED, 0);
        RunFixtures.writeRun(ladder, "c", 40_000, RunSummary.Status.COMPLETED, 0);
        RunFixtures.writeRun(ladder, "d", 80_000, RunSummary.Status.DIVERGED, 0);
        CliRun refused = CliRun.of(new FitCommand(), ladder.toString(), "--law", "chinchilla", "--out",
                dir.toString());
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err()).contains("needs \u2265 5 runs for 5 parameters, got 3");
        CliRun kaplan = CliRun.of(new FitCommand(), ladder.toString(), "--law", "kaplan", "--bootstrap", "20",
                "--json", "--out", dir.toString());
        assertThat(kaplan.exitCode()).as(kaplan.err()).isEqualTo(0);
        JsonNode report = RunJson.MAPPER.readTree(dir.resolve("fit.json").toFile());
        JsonNode first = report.get("fits").get(0);
        assertThat(first.get("law").asText()).isEqualTo("kaplan-N");
        assertThat(first.get("runsExcluded").get(0).get("runId").asText()).isEqualTo("d");
        assertThat(first.get("runsExcluded").get(0).get("reason").asText()).contains("diverged");
        assertThat(report.get("refused").toString()).contains("kaplan-ND").contains("got 3");
        assertThat(RunJson.MAPPER.readTree(kaplan.out())).isEqualTo(report);
    }
}
