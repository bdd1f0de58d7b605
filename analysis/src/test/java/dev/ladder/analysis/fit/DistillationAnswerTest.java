package dev.ladder.analysis.fit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DistillationAnswerTest {

    @Test
    void givesAVerdictOnlyWhereTheGainsIntervalExcludesZeroAndNoIntervalForTheFixedSupervisedLoss() {
        double n = 3312;
        double c = 1.55e10;
        Map<String, Double> derived = new HashMap<>();
        Map<String, double[]> intervals = new HashMap<>();
        derived.put(TeacherChoice.key("supervisedLoss", n, c), 2.09);
        for (TeacherChoice.Charge charge : TeacherChoice.Charge.values()) {
            String suffix = "." + charge;
            derived.put(TeacherChoice.key("bestTeacherLoss" + suffix, n, c), 1.8);
            derived.put(TeacherChoice.key("studentLoss" + suffix, n, c), 2.0);
        }
        derived.put(TeacherChoice.key("gain.free", n, c), 0.09);
        intervals.put(TeacherChoice.key("gain.free", n, c), new double[] {0.02, 0.15});
        derived.put(TeacherChoice.key("gain.inference", n, c), 0.02);
        intervals.put(TeacherChoice.key("gain.inference", n, c), new double[] {-0.1, 0.2});
        derived.put(TeacherChoice.key("gain.total", n, c), -0.17);
        intervals.put(TeacherChoice.key("gain.total", n, c), new double[] {-0.3, -0.06});
        FitResult fit = new FitResult("distillation", "L_S = ...", Map.of(), intervals, derived, 0, null, List.of(),
                List.of(), 0, 100, Bootstrap.Method.runs, 0, 0.95, List.of(), null, Map.of());

        List<String> sentences = DistillationAnswer.sentences(fit);

        assertThat(sentences).hasSize(1);
        assertThat(sentences.get(0))
                .contains("supervised training reaches 2.090 (the supervised law as fitted, held fixed")
                .doesNotContain("2.090 [")
                .contains("teacher free: best teacher loss 1.800, student 2.000, distillation wins by 0.0900 nats")
                .contains("teacher inference charged: best teacher loss 1.800, student 2.000, neither wins clearly")
                .contains("pre-training charged: best teacher loss 1.800, student 2.000, supervised wins by 0.170");
    }
}
