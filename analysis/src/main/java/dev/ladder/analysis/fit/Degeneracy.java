package dev.ladder.analysis.fit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Data that cannot pin a law down although there are enough runs: fewer distinct (N, D) points than the law has
 * parameters (15 copies of one run), or final losses without any spread. Such fits are refused with the counts, and
 * a refusal for too few runs says which runs were left out and why ("got 0" when every run diverged).
 */
final class Degeneracy {

    private Degeneracy() {
    }

    /** Refuses {@code estimate} of {@code law} when the data has fewer distinct points than its parameters. */
    static void check(String law, FitData data, Estimate estimate) {
        List<Observation> finals = data.finals();
        int parameters = estimate.parameters().size();
        // a distillation student's point also has its teacher's loss (NaN for every other run; Double.equals matches NaN)
        long distinct = finals.stream().map(o -> List.of(o.params(), o.tokens(), o.teacherLoss())).distinct().count();
        if (finals.size() >= 2 && distinct < parameters) {
            throw new FitRefusedException(explained(law + ": needs \u2265 " + parameters
                    + " distinct (N, D) points (with the teacher's loss for students) for " + parameters
                    + " parameters, got " + distinct + " distinct among " + finals.size()
                    + " runs (runs of the same size and token budget repeat one point)", data));
        }
        double min = finals.stream().mapToDouble(Observation::loss).min().orElse(0);
        double max = finals.stream().mapToDouble(Observation::loss).max().orElse(0);
        if (finals.size() >= 2 && min == max) {
            throw new FitRefusedException(law + ": the " + finals.size() + " final losses have zero variance (all "
                    + String.format(Locale.ROOT, "%.6g", min) + "); a law needs losses that change with N or D");
        }
    }

    /** {@code message} plus the runs left out and why, when any were. */
    static String explained(String message, FitData data) {
        if (data.excluded().isEmpty()) return message;
        Map<String, Long> reasons = data.excluded().stream()
                .collect(Collectors.groupingBy(e -> e.reason().split(":")[0], LinkedHashMap::new,
                        Collectors.counting()));
        String why = reasons.entrySet().stream().map(e -> e.getValue() + " " + e.getKey())
                .collect(Collectors.joining(", "));
        return message + "; " + data.excluded().size() + " run(s) excluded: " + why;
    }
}
