package dev.ladder.analysis.export;

import dev.ladder.analysis.run.RunData;
import dev.ladder.data.runlog.EvalRecord;
import dev.ladder.data.runlog.RunInfo;
import dev.ladder.data.runlog.StepRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The tidy dataset of a set of runs: one row per run per logged step, step and eval records merged by step, with
 * the run's metadata repeated on each row. A cell is null where the value is absent (e.g. valLoss on a step without
 * an eval, or the model shape of a run.json without one).
 */
public final class TidyTable {

    /** The columns, in order: run metadata, then the metrics of metrics.jsonl (README §Run-log schema). */
    public static final List<String> COLUMNS = List.of("runId", "ladder", "nLayer", "dModel", "nHead", "seqLen",
            "vocabSize", "paramsTotal", "paramsNonEmbedding", "flopsPerToken", "plannedTokens", "seed", "status",
            "finalValLoss", "finalValLossStderr", "step", "tokens", "flops", "trainLoss", "valLoss", "valLossStderr",
            "lr", "gradNorm", "wallSeconds", "tokensPerSecond", "distillLoss");

    private TidyTable() {
    }

    /** All rows of all runs, runs in the given order, steps ascending. */
    public static List<Map<String, Object>> rows(List<RunData> runs) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (RunData run : runs) rows.addAll(rows(run));
        return rows;
    }

    private static List<Map<String, Object>> rows(RunData run) {
        Map<String, Object> meta = metadata(run);
        TreeMap<Long, Map<String, Object>> bySteps = new TreeMap<>();
        for (StepRecord s : run.metrics().steps()) {
            Map<String, Object> row = bySteps.computeIfAbsent(s.step(), k -> newRow(meta));
            row.put("step", s.step());
            row.put("tokens", s.tokens());
            row.put("flops", s.flops());
            row.put("trainLoss", s.trainLoss());
            row.put("lr", s.lr());
            row.put("gradNorm", s.gradNorm());
            row.put("wallSeconds", s.wallSeconds());
            row.put("tokensPerSecond", s.tokensPerSecond());
            row.put("distillLoss", s.distillLoss());
        }
        for (EvalRecord e : run.metrics().evals()) {
            Map<String, Object> row = bySteps.computeIfAbsent(e.step(), k -> newRow(meta));
            row.put("step", e.step());
            row.putIfAbsent("tokens", e.tokens());
            row.putIfAbsent("flops", e.flops());
            row.putIfAbsent("wallSeconds", e.wallSeconds());
            row.put("valLoss", e.valLoss());
            row.put("valLossStderr", e.valLossStderr());
        }
        return new ArrayList<>(bySteps.values());
    }

    private static Map<String, Object> newRow(Map<String, Object> meta) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (String column : COLUMNS) row.put(column, meta.get(column));
        return row;
    }

    private static Map<String, Object> metadata(RunData run) {
        RunInfo info = run.info();
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("runId", info.runId());
        meta.put("ladder", info.ladder());
        if (info.model() != null) {
            meta.put("nLayer", info.model().nLayer());
            meta.put("dModel", info.model().dModel());
            meta.put("nHead", info.model().nHead());
            meta.put("seqLen", info.model().seqLen());
            meta.put("vocabSize", info.model().vocabSize());
        }
        meta.put("paramsTotal", info.params().total());
        meta.put("paramsNonEmbedding", info.params().nonEmbedding());
        meta.put("flopsPerToken", info.flopsPerToken().kaplan6N());
        meta.put("plannedTokens", info.plannedTokens());
        meta.put("seed", info.seed());
        meta.put("status", run.status().json());
        run.metrics().wholeSplit().ifPresent(e -> {
            meta.put("finalValLoss", e.valLoss());
            meta.put("finalValLossStderr", e.valLossStderr());
        });
        return meta;
    }
}
