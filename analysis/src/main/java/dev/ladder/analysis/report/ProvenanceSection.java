package dev.ladder.analysis.report;

import dev.ladder.analysis.run.RunData;
import dev.ladder.data.runlog.RunInfo;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/** Where and with what the runs were made (run.json provenance): each field with its distinct values over runs. */
final class ProvenanceSection {

    private ProvenanceSection() {
    }

    static String html(List<RunData> runs) {
        List<RunInfo.Provenance> all = runs.stream().map(r -> r.info().provenance()).filter(Objects::nonNull).toList();
        StringBuilder out = new StringBuilder("<h2 id=\"provenance\">Provenance</h2>\n");
        if (all.isEmpty()) return out.append(Html.text("p", "No run.json records provenance.")).toString();
        List<List<String>> rows = new ArrayList<>();
        rows.add(row("version", distinct(all, RunInfo.Provenance::version)));
        rows.add(row("git commit", distinct(all, RunInfo.Provenance::gitCommit)));
        rows.add(row("java", distinct(all, RunInfo.Provenance::java)));
        rows.add(row("os/arch", distinct(all, p -> p.os() == null ? null : p.os() + "/" + p.arch())));
        rows.add(row("backend", distinct(all, RunInfo.Provenance::backend)));
        rows.add(row("threads", distinct(all, p -> p.threads() == null ? null : p.threads().toString())));
        rows.add(row("device", distinct(all, RunInfo.Provenance::device)));
        TreeSet<String> started = new TreeSet<>();
        all.stream().map(RunInfo.Provenance::startedAt).filter(Objects::nonNull).forEach(started::add);
        rows.add(row("startedAt", started.isEmpty() ? "\u2013"
                : started.size() == 1 ? started.first() : started.first() + " \u2013 " + started.last()));
        corpora(runs).ifPresent(c -> rows.add(row("corpus", c)));
        out.append(Html.text("p", all.size() + " of " + runs.size() + " runs record provenance; a field lists each "
                + "distinct value."));
        return out.append(Html.table(List.of("field", "value"), rows)).toString();
    }

    private static Optional<String> corpora(List<RunData> runs) {
        Set<String> corpora = new LinkedHashSet<>();
        for (RunData run : runs) {
            RunInfo.CorpusInfo c = run.info().corpus();
            if (c == null) continue;
            String rate = c.entropyRate() == null ? "" : ", entropy rate " + c.entropyRate() + " nats/token"
                    + (c.entropyRateError() == null ? "" : " \u00b1 " + c.entropyRateError());
            corpora.add(c.spec() + " (tokenizer " + c.tokenizer() + rate + ")");
        }
        return corpora.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", corpora));
    }

    private static String distinct(List<RunInfo.Provenance> all, Function<RunInfo.Provenance, String> field) {
        Set<String> values = new LinkedHashSet<>();
        for (RunInfo.Provenance p : all) {
            String v = field.apply(p);
            if (v != null) values.add(v);
        }
        return values.isEmpty() ? "\u2013" : String.join(", ", values);
    }

    private static List<String> row(String name, String value) {
        return List.of(Html.escape(name), Html.escape(value));
    }
}
