package dev.ladder.trainer.config;

import dev.ladder.trainer.model.InitStd;

/**
 * The {@code init} section: where the weights start. Fine-tuning names a finished run here; its checkpoint's
 * weights are loaded exactly (the model section must give the same shape), while the optimizer state, warmup and
 * schedule start fresh over this run's own budget.
 *
 * @param pretrained the run directory of a completed run to start from, e.g. {@code runs/single/tiny-L2-d64-s1};
 *                   null starts from the seeded initialisation (default null)
 * @param std        the size of the seeded initialisation's weight matrices: gpt2 (0.02 at every width) or fanIn
 *                   (1/√fan-in), see {@link InitStd} (default gpt2)
 */
public record InitConfig(String pretrained, InitStd std) {

    public InitConfig {
        if (std == null) std = InitStd.gpt2;
    }

    public static InitConfig defaults() {
        return new InitConfig(null, InitStd.gpt2);
    }
}
