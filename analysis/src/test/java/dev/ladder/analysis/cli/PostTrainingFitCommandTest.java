package dev.ladder.analysis.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ladder.analysis.fit.DistillationLaw;
import dev.ladder.analysis.fit.SupervisedParams;
import dev.ladder.analysis.fit.TeacherChoice;
import dev.ladder.data.runlog.RunJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ladder fit --law distillation|finetune|transfer|supervised} on CSVs: column keys, fit.json names, refusals. */
class PostTrainingFitCommandTest {

    @TempDir
    Path dir;

    private static final String SUPERVISED = "E=1.22,A=3355,B=18186,alpha=0.408,beta=0.431,gamma=0.452";

    /** Students from Eq. 8 with Table 6's supervised law and a smooth capacity gap, 0.01% noise. */
    private static final double[] THETA = DistillationLaw.theta(Map.of("A", 2243.0, "B", 24181.0, "alpha", 0.321,
            "beta", 0.637, "gamma", 0.764, "c0", 2.549, "c1", 6.0, "f1", 0.5, "d1", 1.315));

    private Path distillationCsv() throws Exception {
        double[] theta = THETA;
        List<String> lines = new ArrayList<>();
        lines.add("student_params,distill_tokens,teacher_val,student_val");
        Random rng = new Random(5);
        for (double n : new double[] {1e7, 1e8, 1e9, 1e10}) {
            for (double tpp : new double[] {2, 20, 200}) {
                for (double lt : new double[] {1.7, 1.9, 2.1, 2.3, 2.6, 3.0}) {
                    double loss = TeacherChoice.studentLoss(theta, SupervisedParams.BUSBRIDGE_TABLE6, n, tpp * n, lt)
                            * Math.exp(1e-4 * rng.nextGaussian());
                    lines.add(String.format(Locale.ROOT, "%.0f,%.0f,%.3f,%.8f", n, tpp * n, lt, loss));
                }
            }
        }
        Path csv = dir.resolve("students.csv");
        Files.write(csv, lines);
        return csv;
    }

    @Test
    void distillationFromCsvWritesTheNamedParametersAndAnswersTheTeacherQuestion() throws Exception {
        Path csv = distillationCsv();
        CliRun run = CliRun.of(new FitCommand(), "--csv", csv.toString(), "--columns",
                "N=student_params,D=distill_tokens,teacherLoss=teacher_val,loss=student_val", "--law",
                "distillation", "--supervised", SUPERVISED, "--bootstrap", "8", "--budgets", "1.2e20",
                "--out", dir.toString());
        assertThat(run.exitCode()).as(run.err()).isEqualTo(0);
        JsonNode fit = RunJson.MAPPER.readTree(dir.resolve("fit.json").toFile()).get("fits").get(0);
        assertThat(fit.get("law").asText()).isEqualTo("distillation");
        assertThat(names(fit.get("parameters"))).containsExactly("A", "B", "alpha", "beta", "gamma", "c0", "c1",
                "f1", "d1");
        assertThat(fit.get("parameters").get("c0").asDouble()).isCloseTo(2.549, within(0.05));
        assertThat(fit.get("parameters").get("d1").asDouble()).isCloseTo(1.315, within(0.1));
        assertThat(fit.get("formula").asText()).contains("L~_S(N, D) = 1.22 + (3355/N^0.408");
        assertThat(fit.get("conventions").get("huberDelta").asDouble()).isEqualTo(1e-4);
        JsonNode derived = fit.get("derived");
        String at = "@N=1.00e+09,C=1.20e+20";
        TeacherChoice.Best truth = TeacherChoice.best(THETA, SupervisedParams.BUSBRIDGE_TABLE6, 1e9, 1.2e20, 6,
                TeacherChoice.Charge.free);
        assertThat(derived.get("bestTeacherLoss.free" + at).asDouble()).isCloseTo(truth.teacherLoss(),
                within(0.03 * truth.teacherLoss()));
        assertThat(derived.get("studentLoss.free" + at).asDouble()).isCloseTo(truth.studentLoss(),
                within(0.01 * truth.studentLoss()));
        assertThat(derived.get("supervisedLoss" + at).asDouble())
                .isCloseTo(SupervisedParams.BUSBRIDGE_TABLE6.loss(1e9, 2e10), within(1e-9));
        // Charging the teacher can only leave the student fewer tokens, so never a lower loss.
        assertThat(derived.get("studentLoss.free" + at).asDouble())
                .isLessThanOrEqualTo(derived.get("studentLoss.inference" + at).asDouble() + 1e-12);
        assertThat(fit.get("intervals").get("gain.free" + at)).hasSize(2);
        assertThat(run.out()).contains("what the distillation law says, per student size at its budget:\n  student N=")
                .contains("best teacher loss").contains("teacher inference and pre-training charged");
        double gain = derived.get("gain.free" + at).asDouble();
        String verdict = run.out().lines().filter(l -> l.contains("student N=1.00e+09,C=1.20e+20")).findFirst()
                .orElseThrow();
        String free = verdict.substring(verdict.indexOf("teacher free:"), verdict.indexOf("; teacher inference"));
        double[] iv = {fit.get("intervals").get("gain.free" + at).get(0).asDouble(),
            fit.get("intervals").get("gain.free" + at).get(1).asDouble()};
        String expected = iv[0] > 0 ? "distillation wins" : iv[1] < 0 ? "supervised wins"
                : String.format(Locale.ROOT, "neither wins clearly (gain %.3g nats", gain);
        assertThat(free).contains(expected);
    }

    @Test
    void finetuneAndTransferFromCsvUseTheirColumnKeysAndParameterNames() throws Exception {
        List<String> lines = new ArrayList<>(List.of("x,df,loss,n,dt"));
        Random rng = new Random(9);
        for (double x : new double[] {1e6, 1e7, 1e8}) {
            for (double df : new double[] {1e4, 1e5, 1e6}) {
                double loss = (1.2e5 * Math.pow(x, -0.52) * Math.pow(df, -0.15) + 0.75) * Math.exp(0.002
                        * rng.nextGaussian());
                double dt = 1.9e4 * Math.pow(df, 0.18) * Math.pow(x, 0.38) * Math.exp(0.02 * rng.nextGaussian());
                lines.add(String.format(Locale.ROOT, "%.0f,%.0f,%.6f,%.0f,%.1f", x, df, loss, x, dt));
            }
        }
        Path csv = dir.resolve("post.csv");
        Files.write(csv, lines);
        CliRun finetune = CliRun.of(new FitCommand(), "--csv", csv.toString(), "--columns", "X=x,Df=df,loss=loss",
                "--law", "finetune", "--bootstrap", "20", "--out", dir.toString());
        assertThat(finetune.exitCode()).as(finetune.err()).isEqualTo(0);
        JsonNode fit = RunJson.MAPPER.readTree(dir.resolve("fit.json").toFile()).get("fits").get(0);
        assertThat(names(fit.get("parameters"))).containsExactly("A", "alpha", "beta", "E");
        assertThat(fit.get("parameters").get("alpha").asDouble()).isCloseTo(0.52, within(0.03));
        assertThat(fit.get("parameters").get("E").asDouble()).isCloseTo(0.75, within(0.05));
        CliRun transfer = CliRun.of(new FitCommand(), "--csv", csv.toString(), "--columns", "N=n,Df=df,Dt=dt",
                "--law", "transfer", "--bootstrap", "20", "--out", dir.toString());
        assertThat(transfer.exitCode()).as(transfer.err()).isEqualTo(0);
        fit = RunJson.MAPPER.readTree(dir.resolve("fit.json").toFile()).get("fits").get(0);
        assertThat(names(fit.get("parameters"))).containsExactly("k", "alpha", "beta");
        assertThat(fit.get("parameters").get("beta").asDouble()).isCloseTo(0.38, within(0.03));
    }

    @Test
    void supervisedLawFitJsonFeedsTheDistillationFitAsAFile() throws Exception {
        List<String> lines = new ArrayList<>(List.of("n,d,loss"));
        for (double n : new double[] {1e7, 1e8, 1e9, 1e10}) {
            for (double tpp : new double[] {2, 20, 200}) {
                lines.add(String.format(Locale.ROOT, "%.0f,%.0f,%.10f", n, tpp * n,
                        SupervisedParams.BUSBRIDGE_TABLE6.loss(n, tpp * n)));
            }
        }
        Path csv = dir.resolve("supervised.csv");
        Files.write(csv, lines);
        Path out = dir.resolve("sup");
        Files.createDirectories(out);
        CliRun run = CliRun.of(new FitCommand(), "--csv", csv.toString(), "--columns", "N=n,D=d,loss=loss",
                "--law", "supervised", "--bootstrap", "0", "--out", out.toString());
        assertThat(run.exitCode()).as(run.err()).isEqualTo(0);
        JsonNode fit = RunJson.MAPPER.readTree(out.resolve("fit.json").toFile()).get("fits").get(0);
        assertThat(names(fit.get("parameters"))).containsExactly("E", "A", "B", "alpha", "beta", "gamma");
        assertThat(fit.get("parameters").get("gamma").asDouble()).isCloseTo(0.452, within(1e-3));
        SupervisedParams read = SupervisedParams.parse(out.resolve("fit.json").toString());
        assertThat(read.e()).isCloseTo(1.22, within(1e-3));
        assertThat(read.loss(1e9, 2e10)).isCloseTo(SupervisedParams.BUSBRIDGE_TABLE6.loss(1e9, 2e10),
                within(1e-6));
        Path objects = dir.resolve("objects.json");
        Files.writeString(objects, "{\"parameters\": {\"E\": {\"value\": 1.22}, \"A\": 3355, \"B\": 18186, "
                + "\"alpha\": 0.408, \"beta\": {\"value\": 0.431}, \"gamma\": 0.452}}");
        assertThat(SupervisedParams.parse(objects.toString())).isEqualTo(SupervisedParams.BUSBRIDGE_TABLE6);
    }

    @Test
    void badInputIsRefusedWithExitCode2NamingWhatIsWrong() throws Exception {
        Path csv = distillationCsv();
        String columns = "N=student_params,D=distill_tokens,teacherLoss=teacher_val,loss=student_val";
        assertRefused(List.of("--csv", csv.toString(), "--columns", columns, "--law", "distillation"),
                "--supervised is missing");
        assertRefused(List.of("--csv", csv.toString(), "--columns", columns, "--law", "distillation",
                "--supervised", "E=1.2,A=3,B=4,alpha=0.4,beta=0.4,gama=0.4"), "gama", "gamma");
        assertRefused(List.of("--csv", csv.toString(), "--columns", columns, "--law", "distillation",
                "--supervised", "E=1.2,A=3,B=4,alpha=0.4,beta=0.4"), "gamma is missing");
        assertRefused(List.of("--csv", csv.toString(), "--columns", columns, "--law", "distillation",
                "--supervised", "E=1.2,A=-3,B=4,alpha=0.4,beta=0.4,gamma=1"), "A = -3.0", "> 0");
        assertRefused(List.of("--csv", csv.toString(), "--columns", columns, "--law", "distillation",
                "--supervised", dir.resolve("nowhere.json").toString()), "nowhere.json", "not found");
        assertRefused(List.of("--csv", csv.toString(), "--columns", "N=student_params,D=distill_tokens,"
                + "loss=student_val", "--law", "distillation", "--supervised", SUPERVISED), "teacherLoss is missing");
        assertRefused(List.of("--csv", csv.toString(), "--columns", columns + ",Df=x", "--law", "distillation",
                "--supervised", SUPERVISED), "key = \"Df\"", "teacherLoss");
        assertRefused(List.of("--csv", csv.toString(), "--columns", "X=student_params,Df=distill_tokens,"
                + "loss=student_val", "--law", "finetune", "--supervised", SUPERVISED), "--supervised",
                "distillation");
        Path bad = dir.resolve("bad.csv");
        Files.write(bad, List.of("x,df,loss", "1e6,1e4,2.5", "1e7,1e4,-1"));
        assertRefused(List.of("--csv", bad.toString(), "--columns", "X=x,Df=df,loss=loss", "--law", "finetune"),
                "bad.csv:3", "loss = -1");
        Path few = dir.resolve("few.csv");
        Files.write(few, List.of("x,df,loss", "1e6,1e4,2.5", "1e7,1e4,2.1", "1e7,1e5,2.0"));
        assertRefused(List.of("--csv", few.toString(), "--columns", "X=x,Df=df,loss=loss", "--law", "finetune"),
                "finetune: needs \u2265 5 runs for 4 parameters, got 3");
        Path oneTeacher = dir.resolve("one-teacher.csv");
        List<String> rows = new ArrayList<>(List.of("n,d,lt,l"));
        for (int i = 0; i < 12; i++) rows.add((1e6 * (i + 1)) + "," + (1e8 * (i % 3 + 1)) + ",2.0," + (2.5 - 0.01 * i));
        Files.write(oneTeacher, rows);
        assertRefused(List.of("--csv", oneTeacher.toString(), "--columns", "N=n,D=d,teacherLoss=lt,loss=l", "--law",
                "distillation", "--supervised", SUPERVISED), "\u2265 2 different teacher losses, got 1");
    }

    private void assertRefused(List<String> args, String... expected) {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of("--bootstrap", "0", "--out", dir.toString()));
        CliRun run = CliRun.of(new FitCommand(), all.toArray(String[]::new));
        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        for (String e : expected) assertThat(run.err()).contains(e);
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) names.add(it.next());
        return names;
    }
}
