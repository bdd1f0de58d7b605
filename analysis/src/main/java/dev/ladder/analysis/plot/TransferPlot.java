package dev.ladder.analysis.plot;

import dev.ladder.analysis.fit.PostTrainingRuns;
import java.nio.file.Path;

/**
 * Transfer (Hernandez et al. 2021): effective data transferred D_T against fine-tuning tokens D_F, log-log, one
 * colour per model size, with the fitted lines D_T = k·D_F^α·N^β.
 */
public final class TransferPlot implements Plot {

    public static final String NAME = "transfer";
    public static final int WIDTH = 900;
    public static final int HEIGHT = 620;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Figure draw(PlotInput input, Path dir) {
        GroupedFitPlot plot = new GroupedFitPlot(NAME, "Transfer: effective data transferred", "transfer", "N",
                "fine-tuning tokens D_F", "effective data transferred D_T (tokens)", true);
        return plot.draw(input, PostTrainingRuns.transferred(input.runs()), dir,
                "Dots: D_T = D_E - D_F for each fine-tuned run, where D_E is where the from-scratch run of the same "
                        + "shape on the target data reaches the fine-tuned loss; one colour per non-embedding size N. "
                        + "Runs without positive transfer are listed in fit.json's runsExcluded.");
    }
}
