package dev.ladder.trainer.model;

import dev.ladder.trainer.model.ParamSpec.Role;
import java.util.ArrayList;
import java.util.List;

/**
 * Every parameter array of the GPT, by name and shape, in forward order: the one place that fixes the model's
 * parameter layout. The SameDiff graph, the optimizer, checkpoints and the parameter-count tests all read it.
 *
 * <pre>
 * wte [vocabSize, dModel]            token embedding (also the output head when tied)
 * wpe [seqLen, dModel]               learned position embedding
 * h{i}/ln1/gain, h{i}/ln1/bias [d]   per block i: pre-attention LayerNorm
 * h{i}/attn/wqkv [d, 3d], bqkv [3d]  query, key and value projections, side by side
 * h{i}/attn/wo [d, d], bo [d]        attention output projection
 * h{i}/ln2/gain, h{i}/ln2/bias [d]   pre-MLP LayerNorm
 * h{i}/mlp/w1 [d, 4d], b1 [4d]       MLP up-projection (GELU follows)
 * h{i}/mlp/w2 [4d, d], b2 [d]        MLP down-projection
 * lnf/gain, lnf/bias [d]             final LayerNorm
 * head/w [d, vocabSize]              output head, only when embeddings are untied (the head has no bias)
 * </pre>
 */
public final class ParamLayout {

    private ParamLayout() {
    }

    /** The parameter arrays of a model of this shape, in forward order. */
    public static List<ParamSpec> of(ModelConfig config) {
        long d = config.dModel();
        long ffw = config.ffw();
        List<ParamSpec> specs = new ArrayList<>();
        specs.add(new ParamSpec("wte", new long[] {config.vocabSize(), d}, Role.TOKEN_EMBEDDING));
        specs.add(new ParamSpec("wpe", new long[] {config.seqLen(), d}, Role.POSITION_EMBEDDING));
        for (int i = 0; i < config.nLayer(); i++) {
            String h = "h" + i + "/";
            specs.add(new ParamSpec(h + "ln1/gain", new long[] {d}, Role.GAIN));
            specs.add(new ParamSpec(h + "ln1/bias", new long[] {d}, Role.BIAS));
            specs.add(new ParamSpec(h + "attn/wqkv", new long[] {d, 3 * d}, Role.MATRIX));
            specs.add(new ParamSpec(h + "attn/bqkv", new long[] {3 * d}, Role.BIAS));
            specs.add(new ParamSpec(h + "attn/wo", new long[] {d, d}, Role.RESIDUAL_MATRIX));
            specs.add(new ParamSpec(h + "attn/bo", new long[] {d}, Role.BIAS));
            specs.add(new ParamSpec(h + "ln2/gain", new long[] {d}, Role.GAIN));
            specs.add(new ParamSpec(h + "ln2/bias", new long[] {d}, Role.BIAS));
            specs.add(new ParamSpec(h + "mlp/w1", new long[] {d, ffw}, Role.MATRIX));
            specs.add(new ParamSpec(h + "mlp/b1", new long[] {ffw}, Role.BIAS));
            specs.add(new ParamSpec(h + "mlp/w2", new long[] {ffw, d}, Role.RESIDUAL_MATRIX));
            specs.add(new ParamSpec(h + "mlp/b2", new long[] {d}, Role.BIAS));
        }
        specs.add(new ParamSpec("lnf/gain", new long[] {d}, Role.GAIN));
        specs.add(new ParamSpec("lnf/bias", new long[] {d}, Role.BIAS));
        if (!config.tiedEmbeddings()) {
            specs.add(new ParamSpec("head/w", new long[] {d, config.vocabSize()}, Role.HEAD));
        }
        return List.copyOf(specs);
    }
}
