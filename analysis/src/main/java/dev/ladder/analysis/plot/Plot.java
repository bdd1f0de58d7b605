package dev.ladder.analysis.plot;

import java.nio.file.Path;
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
}
