package dev.ladder.data.runlog;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

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
 * @param flops           the run's planned training FLOPs and, for distillation, the teacher's, kept apart so fits
 *                        can charge the teacher or not; null in run.json files written before it existed
 * @param plannedFlops    the ladder budget the run was planned for, FLOPs in Kaplan's 6N convention (an IsoFLOP
 *                        ladder's C); fits group IsoFLOP profiles by it; null for a lone run and in older run.json
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunInfo(int schemaVersion, String runId, String ladder, JsonNode config, ModelShape model,
                      Params params, FlopsPerToken flopsPerToken, long plannedTokens, long warmupTokens, long seed,
                      CorpusInfo corpus, Provenance provenance, Parents parents, Flops flops, Double plannedFlops) {

    public RunInfo {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(params, "params");
        Objects.requireNonNull(flopsPerToken, "flopsPerToken");
    }

    /** A run.json without the FLOPs breakdown or a planned budget. */
    public RunInfo(int schemaVersion, String runId, String ladder, JsonNode config, ModelShape model, Params params,
                   FlopsPerToken flopsPerToken, long plannedTokens, long warmupTokens, long seed, CorpusInfo corpus,
                   Provenance provenance, Parents parents) {
        this(schemaVersion, runId, ladder, config, model, params, flopsPerToken, plannedTokens, warmupTokens, seed,
                corpus, provenance, parents, null, null);
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

    /**
     * The runs this one depends on; null fields when none.
     *
     * @param teacher      the teacher (distillation)
     * @param pretrained   the pretrained start (fine-tuning)
     * @param stable       run id of the WSD stable run this cooldown branch starts from
     * @param branchStep   with {@code stable}: the stable run's step the branch starts from (its weights, optimizer
     *                     state and data cursor at that step)
     * @param branchTokens with {@code stable}: the training tokens the branch inherits from the stable run; its own
     *                     tokens, FLOPs and steps count them, so a branch is an ordinary run of its total length
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Parents(Parent teacher, Parent pretrained, String stable, Long branchStep, Long branchTokens) {

        public Parents(Parent teacher, Parent pretrained) {
            this(teacher, pretrained, null, null, null);
        }

        /** A WSD cooldown branch of {@code stable} from its step {@code branchStep} ({@code branchTokens} tokens). */
        public static Parents branch(String stable, long branchStep, long branchTokens) {
            return new Parents(null, null, stable, branchStep, branchTokens);
        }

        /** The run ids named, in the order teacher, pretrained, stable. */
        @JsonIgnore
        public List<String> runIds() {
            return Stream.of(teacher == null ? null : teacher.runId(), pretrained == null ? null : pretrained.runId(),
                    stable).filter(Objects::nonNull).toList();
        }
    }

    /**
     * A parent run, as it was when this run started.
     *
     * @param runId        the parent's run id
     * @param ladder       the parent's ladder; null for a lone run
     * @param path         the parent's run directory, absolute
     * @param nonEmbedding the parent's non-embedding parameter count (N_T of the distillation law)
     * @param finalValLoss the parent's last validation loss, nats per token on its own validation data (L_T)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Parent(String runId, String ladder, String path, long nonEmbedding, Double finalValLoss) {

        public Parent {
            Objects.requireNonNull(runId, "runId");
        }
    }

    /**
     * Training compute in FLOPs under the chinchillaExact convention (F(N) = forward FLOPs per token with attention
     * and head; Busbridge et al. 2025 §5, Eq. 9: FLOPs = 3F(N_S)·D_S + F(N_T)·(δ_logits·D_S + δ_pre·3·D_T)).
     *
     * @param student            this run's training: 3F(N_S) × plannedTokens (D_S)
     * @param teacherInference   the teacher's forward passes on the distillation tokens: F(N_T) × plannedTokens;
     *                           null without a teacher
     * @param teacherPretraining the teacher's own training: 3F(N_T) × the tokens it trained on (D_T); null without
     * @param pretrained         the pretrained start's own training, 3F(N) × its tokens; null without one
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Flops(double student, Double teacherInference, Double teacherPretraining, Double pretrained) { }
}
