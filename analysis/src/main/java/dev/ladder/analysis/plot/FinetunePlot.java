package dev.ladder.analysis.plot;

import dev.ladder.analysis.fit.PostTrainingRuns;
import java.nio.file.Path;

/** Fine-tuning (Zhang et al. 2024): fine-tuned loss against fine-tuning tokens D_f, one colour per pretrained size. */
public final class FinetunePlot implements Plot {

    public static final String NAME = "finetune";
    public static final int WIDTH = 900;
    public static final int HEIGHT = 620;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Figure draw(PlotInput input, Path dir) {
        GroupedFitPlot plot = new GroupedFitPlot(NAME, "Fine-tuning: loss against fine-tuning tokens", "finetune",
                "X (pretrained N)", "fine-tuning tokens D_f", "fine-tuned loss (nats/token)", false);
        return plot.draw(input, PostTrainingRuns.finetuned(input.runs(), PostTrainingRuns.FinetuneX.params), dir,
                "Dots: fine-tuned runs' final validation loss on the target data against their fine-tuning tokens, "
                        + "one colour per pretrained model's non-embedding size X. Lines: L = A X^-alpha D_f^-beta + E "
                        + "as fitted.");
    }
}
