package dev.ladder.trainer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class ParametersInitTest {

    /** Two layers of width 48: the matrices hold 6,912 to 9,216 draws, so a sample sd is within about 1% of its std. */
    private static final ModelConfig MODEL = new ModelConfig(2, 2, 48, 16, 43, true);

    private static double sd(Parameters p, String name) {
        INDArray a = p.get(name);
        return a.stdNumber().doubleValue();
    }

    @Test
    void gpt2IsTheDefaultAndDrawsEveryMatrixWithTheSameStdAtAnyWidth() {
        Parameters plain = Parameters.initial(MODEL, 5);
        Parameters gpt2 = Parameters.initial(MODEL, 5, InitStd.gpt2);
        assertThat(gpt2.flat()).isEqualTo(plain.flat());
        assertThat(sd(gpt2, "h0/attn/wqkv")).isCloseTo(0.02, within(0.0006));
        assertThat(sd(gpt2, "h1/mlp/w1")).isCloseTo(0.02, within(0.0006));
        assertThat(sd(gpt2, "h0/mlp/w2")).isCloseTo(0.02 / 2, within(0.0003));
    }

    @Test
    void fanInScalesEachMatrixByItsRowsAndLeavesEmbeddingsBiasesAndGainsAlone() {
        Parameters gpt2 = Parameters.initial(MODEL, 5, InitStd.gpt2);
        Parameters fanIn = Parameters.initial(MODEL, 5, InitStd.fanIn);
        // wqkv [48, 144] and w1 [48, 192] read the residual stream: fan-in 48; w2 [192, 48] reads the MLP's 192
        // hidden units and writes to the residual stream, so it is also divided by sqrt(2 * nLayer) = 2.
        assertThat(sd(fanIn, "h0/attn/wqkv")).isCloseTo(1 / Math.sqrt(48), within(0.005));
        assertThat(sd(fanIn, "h1/mlp/w1")).isCloseTo(1 / Math.sqrt(48), within(0.005));
        assertThat(sd(fanIn, "h0/attn/wo")).isCloseTo(1 / Math.sqrt(48) / 2, within(0.003));
        assertThat(sd(fanIn, "h0/mlp/w2")).isCloseTo(1 / Math.sqrt(192) / 2, within(0.0015));
        for (String kept : new String[] {"wte", "wpe", "h0/ln1/gain", "h0/attn/bqkv", "lnf/bias"}) {
            assertThat(fanIn.get(kept)).as(kept).isEqualTo(gpt2.get(kept));
        }
    }
}
