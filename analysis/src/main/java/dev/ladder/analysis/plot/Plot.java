package dev.ladder.analysis.plot;

import dev.ladder.analysis.run.RunData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** One figure of the report: draws {@code <name>.png} and {@code <name>.csv} into a folder, or says why it cannot. */
public interface Plot {

    /** File stem of the figure, e.g. "frontier". */
    String name();

    /** Draws the figure into {@code dir}; returns {@link Figure.Skipped} with the reason when the data cannot. */
    Figure draw(PlotInput input, Path dir);

    /** Every figure of the report, in reading order. */
    static List<Plot> all() {
        return List.of(new LossCurvePlot(), new FrontierPlot(), new IsoFlopPlot(), new OptimalAllocationPlot(),
                new ParityPlot(), new EntropyPlot(), new PositionLossPlot());
    }

    /**
     * The figures for these runs: {@link #all()}, then the distillation figure when some run has a teacher and the
     * fine-tuning and transfer figures when some run has a pretrained parent (run.json {@code parents}).
     */
    static List<Plot> forRuns(List<RunData> runs) {
        List<Plot> plots = new ArrayList<>(all());
        if (runs.stream().anyMatch(r -> r.info().parents() != null && r.info().parents().teacher() != null)) {
            plots.add(new DistillationPlot());
        }
        if (runs.stream().anyMatch(r -> r.info().parents() != null && r.info().parents().pretrained() != null)) {
            plots.add(new FinetunePlot());
            plots.add(new TransferPlot());
        }
        return plots;
    }
}
