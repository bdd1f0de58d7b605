package dev.ladder.data.runlog;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * {@code run.json}: what a run is, written once when it starts. Analysis reads only this, metrics.jsonl and
 * summary.json, so any trainer that writes these three files can be fitted.
 *
 * @param schemaVersion   version of the run-directory schema (RunRecord.CURRENT_VERSION when written here)
 * @param runId           unique within its ladder, e.g. "tiny-L2-d64-s1"
 * @param ladder          name of the ladder the run belongs to; null for a lone run
 * @param config          the fully resolved run config, as the trainer saw it
 * @param model           the model's shape
 * @param params          parameter counts (Kaplan counts non-embedding, Chinchilla total)
 * @param flopsPerToken   training FLOPs per token under each convention
 * @param plannedTokens   the token budget the learning-rate schedule decays over
 * @param warmupTokens    tokens in the warmup phase; points before this are excluded from fits by default
 * @param seed            the run's seed (weights and batch order)
 * @param corpus          corpus spec, tokenizer and, for synthetic corpora, the known entropy rate
 * @param provenance      where and with what the run was made
 * @param parents         runs this one starts from or learns from; null when none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunInfo(int schemaVersion, String runId, String ladder, JsonNode config, ModelShape model,
                      Params params, FlopsPerToken flopsPerToken, long plannedTokens, long warmupTokens, long seed,
                      CorpusInfo corpus, Provenance provenance, Parents parents) {

    public RunInfo {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(params, "params");
        Objects.requireNonNull(flopsPerToken, "flopsPerToken");
    }

    /** Model shape: the names match the config keys. */
    public record ModelShape(int nLayer, int nHead, int dModel, int seqLen, int vocabSize, boolean tiedEmbeddings) { }

    /** Parameter counts: total = embedding + nonEmbedding. Embedding counts token and position tables. */
    public record Params(long total, long nonEmbedding, long embedding) { }

    /**
     * FLOPs per training token (forward + backward).
     *
     * @param kaplan6N             6·N_nonEmbedding + 6·nLayer·seqLen·dModel (Kaplan et al. 2020, attention included)
     * @param chinchillaExact      3 × the forward op count of Hoffmann et al. 2022 appendix F, output head included
     * @param chinchillaExactNoHead the same without the output head's logits matmul
     */
    public record FlopsPerToken(double kaplan6N, double chinchillaExact, Double chinchillaExactNoHead) { }

    /**
     * @param spec             corpus spec, e.g. "synthetic:default" or "file:data/x.txt"
     * @param tokenizer        tokenizer spec, e.g. "char" or "bpe:512"
     * @param entropyRate      known entropy rate in nats per token, for synthetic corpora; null otherwise
     * @param entropyRateError one standard error of entropyRate; null when exact or unknown
     * @param contextFloor     the lowest mean loss (nats per token) a predictor with this run's context can reach:
     *                         the mean over positions 0..seqLen-1 of the entropy of the next token given the tokens
     *                         before it in the window; synthetic corpora with the char tokenizer only, else null
     * @param contextFloorError one standard error of contextFloor; 0 when exact; null when there is no floor
     * @param contextLength    the context length (seqLen) the floor is for; null when there is no floor
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CorpusInfo(String spec, String tokenizer, Double entropyRate, Double entropyRateError,
                             Double contextFloor, Double contextFloorError, Integer contextLength) {

        /** Corpus facts without a context floor, as written before it existed. */
        public CorpusInfo(String spec, String tokenizer, Double entropyRate, Double entropyRateError) {
            this(spec, tokenizer, entropyRate, entropyRateError, null, null, null);
        }
    }

    /** Tribuo-style provenance: enough to trace a result that differs across platforms. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Provenance(String version, String gitCommit, String java, String os, String arch, String backend,
                             Integer threads, String device, String startedAt) { }

    /** Run ids of the teacher (distillation) and the pretrained start (fine-tuning); null fields when none. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Parents(String teacher, String pretrained) { }
}
