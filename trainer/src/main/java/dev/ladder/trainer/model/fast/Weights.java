package dev.ladder.trainer.model.fast;

import dev.ladder.trainer.model.ModelConfig;
import dev.ladder.trainer.model.Parameters;

/**
 * The arrays of a {@link Parameters} (the weights, or their gradients: both share the layout) as kernel tensors,
 * named as in {@link dev.ladder.trainer.model.ParamLayout}.
 */
final class Weights {

    /** One block's arrays. */
    record Block(Tensor ln1Gain, Tensor ln1Bias, Tensor wqkv, Tensor bqkv, Tensor wo, Tensor bo,
                 Tensor ln2Gain, Tensor ln2Bias, Tensor w1, Tensor b1, Tensor w2, Tensor b2) { }

    final Tensor wte;       // [V, d]
    final Tensor wpe;       // [T, d]
    final Block[] blocks;
    final Tensor lnfGain;   // [d]
    final Tensor lnfBias;   // [d]
    final Tensor head;      // [d, V]; null when tied to wte

    Weights(Parameters p, ModelConfig m, boolean host) {
        wte = Tensor.of(p.get("wte"), host);
        wpe = Tensor.of(p.get("wpe"), host);
        blocks = new Block[m.nLayer()];
        for (int i = 0; i < blocks.length; i++) {
            String h = "h" + i + "/";
            blocks[i] = new Block(t(p, h + "ln1/gain", host), t(p, h + "ln1/bias", host),
                    t(p, h + "attn/wqkv", host), t(p, h + "attn/bqkv", host), t(p, h + "attn/wo", host),
                    t(p, h + "attn/bo", host), t(p, h + "ln2/gain", host), t(p, h + "ln2/bias", host),
                    t(p, h + "mlp/w1", host), t(p, h + "mlp/b1", host), t(p, h + "mlp/w2", host),
                    t(p, h + "mlp/b2", host));
        }
        lnfGain = t(p, "lnf/gain", host);
        lnfBias = t(p, "lnf/bias", host);
        head = m.tiedEmbeddings() ? null : t(p, "head/w", host);
    }

    private static Tensor t(Parameters p, String name, boolean host) {
        return Tensor.of(p.get(name), host);
    }
}
