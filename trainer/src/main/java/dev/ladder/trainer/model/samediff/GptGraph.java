package dev.ladder.trainer.model.samediff;

import dev.ladder.trainer.model.Batch;
import dev.ladder.trainer.model.ModelConfig;
import dev.ladder.trainer.model.ParamSpec;
import dev.ladder.trainer.model.Parameters;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The whole GPT as a SameDiff graph, in forward order: token + position embeddings, {@code nLayer} pre-LayerNorm
 * blocks (causal multi-head self-attention, then a 4× GELU MLP, each added to the residual stream), a final
 * LayerNorm, the output head (tied to the token table or not) and the mean cross-entropy in nats per token.
 *
 * <p>The residual stream is kept as a matrix {@code [batch·seqLen, dModel]}; only attention reshapes it. Variables
 * are named by path ({@code "h3/attn/wqkv"}, {@code "lnf/gain"}, {@code "logits"}, {@code "loss"}). The parameters
 * are copied from a {@link Parameters} before every evaluation (SameDiff keeps its own copy of an array that is a view
 * into the flat parameter buffer), so an optimizer that updates the parameters updates the graph.
 *
 * <p>GELU is GPT-2's tanh form and LayerNorm uses epsilon 1e-5, both built from basic ops (ND4J's own {@code gelu} is
 * {@code x·sigmoid(1.702x)} and its fused {@code layer_norm} has no epsilon), so this graph computes exactly the model
 * of the fast engine.
 */
public final class GptGraph {

    /** Placeholder: input token ids, flattened {@code [batch·seqLen]}, int32. */
    public static final String TOKENS = "tokens";
    /** Placeholder: next-token targets, flattened {@code [batch·seqLen]}, int32. */
    public static final String TARGETS = "targets";
    public static final String LOGITS = "logits";
    public static final String LOSS = "loss";
    /** Placeholder of a distillation graph: the teacher's logits {@code [batch·seqLen, vocabSize]}, float32. */
    public static final String TEACHER_LOGITS = "teacherLogits";
    /** In a distillation graph: the student's mean cross-entropy on the targets ({@link #LOSS} is the objective). */
    public static final String CROSS_ENTROPY = "loss/crossEntropy";

    /** Added to attention scores above the diagonal; exp() of it underflows to exactly 0. */
    private static final float MASKED = -1e9f;

    /** LayerNorm's epsilon, as in PyTorch and GPT-2. */
    public static final double LN_EPS = 1e-5;
    /** √(2/π) and the cubic coefficient of GPT-2's tanh GELU. */
    static final double SQRT_2_PI = Math.sqrt(2 / Math.PI);
    static final double GELU_CUBIC = 0.044715;

    private final ModelConfig config;
    private final SameDiff sd = SameDiff.create();
    private final List<String> paramNames;
    private final Parameters params;
    private final Mix mix;

    /** The weight λ and temperature τ of a distillation graph's loss. */
    public record Mix(double lambda, double temperature) { }

    /** The graph whose loss is the mean cross-entropy. */
    public GptGraph(ModelConfig config, Parameters params) {
        this(config, params, null);
    }

    /**
     * The graph whose loss is {@code λ·τ²·KL(teacher_τ ‖ student_τ) + (1 - λ)·CE} with the teacher's logits as a
     * placeholder, or the mean cross-entropy when {@code mix} is null.
     */
    public GptGraph(ModelConfig config, Parameters params, Mix mix) {
        this.config = config;
        this.mix = mix;
        this.paramNames = params.specs().stream().map(ParamSpec::name).toList();
        this.params = params;
        for (ParamSpec spec : params.specs()) {
            sd.var(spec.name(), params.get(spec.name()));
        }
        build();
        createGradientsQuietly();
    }

    /** The distillation mix of this graph's loss; null for plain cross-entropy. */
    public Mix mix() {
        return mix;
    }

    /** The underlying graph, for inspection (tests count its variables). */
    public SameDiff sameDiff() {
        return sd;
    }

    private void build() {
        int seq = config.seqLen();
        int d = config.dModel();
        SDVariable tokens = sd.placeHolder(TOKENS, DataType.INT32, -1);
        SDVariable targets = sd.placeHolder(TARGETS, DataType.INT32, -1);
        // Token embedding as one-hot × table: gather's backward is far too slow in ND4J M2.1.
        SDVariable oneHot = sd.oneHot("embed/onehot", tokens, config.vocabSize(), -1, 1.0, 0.0, DataType.FLOAT);
        SDVariable tokEmb = sd.mmul("embed/tok", oneHot, sd.getVariable("wte"));              // [B·T, d]
        SDVariable tokEmb3 = sd.reshape("embed/tok3", tokEmb, -1, seq, d);                     // [B, T, d]
        SDVariable x3 = tokEmb3.add("embed/sum", sd.getVariable("wpe"));                       // + [T, d]
        SDVariable x = sd.reshape("embed/out", x3, -1, d);                                     // [B·T, d]
        SDVariable mask = sd.constant("attn/mask", causalMask(seq));                            // [T, T]
        for (int i = 0; i < config.nLayer(); i++) {
            String h = "h" + i + "/";
            x = x.add(h + "attnRes", attention(h, layerNorm(h + "ln1", x), mask));
            x = x.add(h + "mlpRes", mlp(h, layerNorm(h + "ln2", x)));
        }
        SDVariable out = layerNorm("lnf", x);
        SDVariable logits = config.tiedEmbeddings()
                ? sd.mmul(LOGITS, out, sd.getVariable("wte"), false, true, false)            // [B·T, V]
                : sd.mmul(LOGITS, out, sd.getVariable("head/w"));
        // Cross-entropy from log-softmax: sparseSoftmaxCrossEntropy's backward ignores the upstream gradient in
        // M2.1, so a mean over its output gets gradients batch·seqLen times too large.
        SDVariable logProbs = logSoftmax("loss/logProbs", logits);                            // [B·T, V]
        SDVariable targetMask = sd.oneHot("loss/targetMask", targets, config.vocabSize(), -1, 1.0, 0.0,
                DataType.FLOAT);                                                                // [B·T, V]
        SDVariable targetLogProb = sd.sum("loss/targetLogProb", logProbs.mul("loss/picked", targetMask), 1);
        if (mix == null) {
            sd.setLossVariables(sd.mean("loss/meanLogProb", targetLogProb).neg(LOSS));
            return;
        }
        SDVariable crossEntropy = sd.mean("loss/meanLogProb", targetLogProb).neg(CROSS_ENTROPY);
        SDVariable teacher = sd.placeHolder(TEACHER_LOGITS, DataType.FLOAT, -1, config.vocabSize());
        double tau = mix.temperature();
        SDVariable logQ = logSoftmax("distill/logQ", logits.div("distill/student", tau));           // [B·T, V]
        SDVariable logP = logSoftmax("distill/logP", teacher.div("distill/teacher", tau));          // [B·T, V]
        SDVariable p = sd.math.exp("distill/p", logP);
        SDVariable klRows = sd.sum("distill/klRows", p.mul("distill/klTerms", logP.sub("distill/logRatio", logQ)), 1);
        SDVariable kl = sd.mean("distill/kl", klRows);
        SDVariable loss = kl.mul("distill/klWeighted", mix.lambda() * tau * tau)
                .add(LOSS, crossEntropy.mul("distill/ceWeighted", 1 - mix.lambda()));
        sd.setLossVariables(loss);
    }

    /** Causal multi-head self-attention on {@code x [B·T, d]}; returns the projected output {@code [B·T, d]}. */
    private SDVariable attention(String h, SDVariable x, SDVariable mask) {
        int seq = config.seqLen();
        int nHead = config.nHead();
        int headDim = config.headDim();
        SDVariable qkv = sd.mmul(h + "attn/qkvProj", x, sd.getVariable(h + "attn/wqkv"))
                .add(h + "attn/qkv", sd.getVariable(h + "attn/bqkv"));                        // [B·T, 3d]
        SDVariable qkv5 = sd.reshape(h + "attn/qkv5", qkv, -1, seq, 3, nHead, headDim);       // [B, T, 3, H, hd]
        SDVariable heads = sd.permute(h + "attn/heads", qkv5, 2, 0, 3, 1, 4);                // [3, B, H, T, hd]
        SDVariable[] qkvSplit = sd.unstack(new String[] {h + "attn/q", h + "attn/k", h + "attn/v"}, heads, 0, 3);
        SDVariable scores = sd.mmul(h + "attn/scores", qkvSplit[0], qkvSplit[1], false, true, false)
                .mul(h + "attn/scaled", 1.0 / Math.sqrt(headDim))
                .add(h + "attn/masked", mask);                                                 // [B, H, T, T]
        SDVariable probs = softmax(h + "attn/probs", scores, 3);
        SDVariable y = sd.mmul(h + "attn/y", probs, qkvSplit[2]);                             // [B, H, T, hd]
        SDVariable merged = sd.permute(h + "attn/merge", y, 0, 2, 1, 3);                    // [B, T, H, hd]
        SDVariable flat = sd.reshape(h + "attn/flat", merged, -1, config.dModel());         // [B·T, d]
        return sd.mmul(h + "attn/proj", flat, sd.getVariable(h + "attn/wo"))
                .add(h + "attn/out", sd.getVariable(h + "attn/bo"));
    }

    /** The MLP: {@code gelu(x·w1 + b1)·w2 + b2}, width 4·dModel inside. */
    private SDVariable mlp(String h, SDVariable x) {
        SDVariable up = sd.mmul(h + "mlp/up", x, sd.getVariable(h + "mlp/w1"))
                .add(h + "mlp/upBias", sd.getVariable(h + "mlp/b1"));                         // [B·T, 4d]
        SDVariable act = gelu(h + "mlp/gelu", up);
        return sd.mmul(h + "mlp/down", act, sd.getVariable(h + "mlp/w2"))
                .add(h + "mlp/out", sd.getVariable(h + "mlp/b2"));                            // [B·T, d]
    }

    /** GPT-2's GELU: {@code 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))}. */
    private SDVariable gelu(String name, SDVariable x) {
        SDVariable cube = x.mul(name + "/x2", x).mul(name + "/x3", x);
        SDVariable inner = x.add(name + "/poly", cube.mul(name + "/cubeTerm", GELU_CUBIC)).mul(name + "/u", SQRT_2_PI);
        SDVariable half = sd.math.tanh(name + "/tanh", inner).add(name + "/onePlus", 1.0).mul(name + "/half", 0.5);
        return x.mul(name, half);
    }

    /**
     * LayerNorm over the last axis of {@code [B·T, d]}: {@code (x - mean) / √(var + 1e-5) · gain + bias}, with the
     * biased variance.
     */
    private SDVariable layerNorm(String name, SDVariable x) {
        SDVariable centered = x.sub(name + "/centered", sd.mean(name + "/mean", x, true, 1));
        SDVariable variance = sd.mean(name + "/var", centered.mul(name + "/sq", centered), true, 1);
        SDVariable rstd = sd.math.rsqrt(name + "/rstd", variance.add(name + "/varEps", LN_EPS));
        return centered.mul(name + "/norm", rstd).mul(name + "/scaled", sd.getVariable(name + "/gain"))
                .add(name + "/out", sd.getVariable(name + "/bias"));
    }

    /**
     * Softmax along {@code axis} from basic ops, {@code exp(x - max) / sum}: ND4J M2.1's fused softmax and its
     * backward cost milliseconds even on tiny arrays.
     */
    private SDVariable softmax(String name, SDVariable x, int axis) {
        SDVariable shifted = x.sub(name + "/shifted", sd.max(name + "/max", x, true, axis));
        SDVariable exp = sd.math.exp(name + "/exp", shifted);
        return exp.div(name, sd.sum(name + "/sum", exp, true, axis));
    }

    /** Log-softmax over the last axis of a matrix from basic ops: {@code x - max - ln(sum(exp(x - max)))}. */
    private SDVariable logSoftmax(String name, SDVariable x) {
        SDVariable shifted = x.sub(name + "/shifted", sd.max(name + "/max", x, true, 1));
        SDVariable sum = sd.sum(name + "/sum", sd.math.exp(name + "/exp", shifted), true, 1);
        return shifted.sub(name, sd.math.log(name + "/logSum", sum));
    }

    /** Builds the backward graph now; ND4J M2.1 prints one line per op to stdout while doing so. */
    private void createGradientsQuietly() {
        PrintStream stdout = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8));
        try {
            sd.createGradFunction();
        } finally {
            System.setOut(stdout);
        }
    }

    private static INDArray causalMask(int seq) {
        float[] mask = new float[seq * seq];
        for (int row = 0; row < seq; row++) {
            for (int col = row + 1; col < seq; col++) {
                mask[row * seq + col] = MASKED;
            }
        }
        return Nd4j.create(mask, new long[] {seq, seq}, 'c');
    }

    /** The batch as placeholders, after copying the current parameter values into the graph's variables. */
    private Map<String, INDArray> placeholders(Batch batch) {
        for (String name : paramNames) sd.getVariable(name).getArr().assign(params.get(name));
        return Map.of(TOKENS, Nd4j.createFromArray(batch.tokens()), TARGETS, Nd4j.createFromArray(batch.targets()));
    }

    /**
     * A distillation graph's cross-entropy and objective for the batch against {@code teacherLogits}, and the
     * gradient of the objective for every parameter.
     */
    public LossAndGradients distillationLossAndGradients(Batch batch, INDArray teacherLogits) {
        Map<String, INDArray> inputs = new HashMap<>(placeholders(batch));
        inputs.put(TEACHER_LOGITS, teacherLogits);
        OutAndGrad result = sd.calculateGradientsAndOutputs(inputs, List.of(LOSS, CROSS_ENTROPY), paramNames);
        return new LossAndGradients(result.getOutputs().get(LOSS).getDouble(0), result.getGradients(),
                result.getOutputs().get(CROSS_ENTROPY).getDouble(0));
    }

    /** Mean cross-entropy of one batch, nats per token, without gradients. */
    public double loss(Batch batch) {
        return sd.output(placeholders(batch), LOSS).get(LOSS).getDouble(0);
    }

    /** Logits {@code [batch·seqLen, vocabSize]} for the batch's inputs. */
    public INDArray logits(Batch batch) {
        return sd.output(placeholders(batch), LOGITS).get(LOGITS);
    }

    /** The batch's loss and the gradient of every parameter, keyed by parameter name. */
    public LossAndGradients lossAndGradients(Batch batch) {
        OutAndGrad result = sd.calculateGradientsAndOutputs(placeholders(batch), List.of(LOSS), paramNames);
        double loss = result.getOutputs().get(LOSS).getDouble(0);
        return new LossAndGradients(loss, result.getGradients(), loss);
    }

    /**
     * A loss, the gradients that produced it, and the cross-entropy on the targets (the loss itself unless the graph
     * distils).
     */
    public record LossAndGradients(double loss, Map<String, INDArray> gradients, double crossEntropy) {
        public LossAndGradients {
            gradients = Map.copyOf(gradients);
        }
    }
}
