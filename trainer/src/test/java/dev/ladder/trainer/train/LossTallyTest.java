package dev.ladder.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class LossTallyTest {

    @Test
    void standardErrorOfEqualWindowsIsTheSpreadOfWindowMeansOverRootN() {
        int seqLen = 8;
        int windows = 50;
        Random random = new Random(7);
        double[] losses = new double[windows * seqLen];
        double[] windowMeans = new double[windows];
        LossTally tally = new LossTally(seqLen);
        for (int w = 0; w < windows; w++) {
            double level = 1 + random.nextDouble();          // correlated within a window
            for (int t = 0; t < seqLen; t++) {
                losses[w * seqLen + t] = level + 0.1 * random.nextGaussian();
                windowMeans[w] += losses[w * seqLen + t] / seqLen;
            }
            tally.addWindow(losses, w * seqLen, 0);
        }
        double mean = 0;
        for (double m : windowMeans) mean += m / windows;
        double squares = 0;
        for (double m : windowMeans) squares += (m - mean) * (m - mean);
        double expected = Math.sqrt(squares / (windows - 1)) / Math.sqrt(windows);

        assertThat(tally.tokens()).isEqualTo((long) windows * seqLen);
        assertThat(tally.mean()).isCloseTo(mean, within(1e-12));
        assertThat(tally.stdError()).isCloseTo(expected, within(1e-12));
        double perTokenIid = 0;
        for (double loss : losses) perTokenIid += (loss - mean) * (loss - mean);
        perTokenIid = Math.sqrt(perTokenIid / (losses.length - 1) / losses.length);
        assertThat(tally.stdError()).isGreaterThan(2 * perTokenIid);
    }

    @Test
    void positionMeansWeightedByTheirCountsGiveTheMean() {
        int seqLen = 4;
        double[] losses = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
        LossTally tally = new LossTally(seqLen);
        tally.addWindow(losses, 0, 0);
        tally.addWindow(losses, 4, 0);
        tally.addWindow(losses, 8, 3);   // counts only its last position
        assertThat(tally.tokens()).isEqualTo(9);
        assertThat(tally.byPosition()).containsExactly(3, 4, 5, (4 + 8 + 12) / 3.0);
        assertThat(tally.mean()).isCloseTo((1 + 2 + 3 + 4 + 5 + 6 + 7 + 8 + 12) / 9.0, within(1e-12));
        double[] byPosition = tally.byPosition();
        double weighted = (byPosition[0] * 2 + byPosition[1] * 2 + byPosition[2] * 2 + byPosition[3] * 3) / 9;
        assertThat(weighted).isCloseTo(tally.mean(), within(1e-12));
    }
}
