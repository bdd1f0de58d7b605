package dev.ladder.trainer.model.samediff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.ladder.trainer.model.Batch;
import dev.ladder.trainer.model.ModelConfig;
import dev.ladder.trainer.model.ParamCount;
import dev.ladder.trainer.model.ParamSpec;
import dev.ladder.trainer.model.Parameters;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

class GptGraphTest {

    private static int[] randomRows(int batch, int seq, int vocab, long seed) {
        Random random = new Random(seed);
        int[] rows = new int[batch * (seq + 1)];
        for (int i = 0; i < rows.length; i++) rows[i] = random.nextInt(vocab);
        return rows;
    }

    @Test
    void paramCountEqualsTheGraphsOwnVariables() {
        for (boolean tied : new boolean[] {true, false}) {
            ModelConfig config = new ModelConfig(2, 2, 16, 8, 11, tied);
            GptGraph graph = new GptGraph(config, Parameters.initial(config, 1));
            long total = 0;
            for (SDVariable v : graph.sameDiff().variables()) {
                if (v.isPlaceHolder() || v.isConstant() || v.getArr() == null) continue;
                if (v.getVariableType() == VariableType.VARIABLE) total += v.getArr().length();
            }
            assertThat(total).isEqualTo(ParamCount.of(config).total());
        }
    }

    @Test
    void logitsBeforePositionTDoNotDependOnLaterTokens() {
        ModelConfig config = new ModelConfig(2, 2, 16, 12, 13, true);
        GptGraph graph = new GptGraph(config, Parameters.initial(config, 7));
        int[] rows = randomRows(2, 12, 13, 3);
        int t = 5;
        int[] changed = rows.clone();
        for (int b = 0; b < 2; b++) {
            for (int pos = t; pos <= 12; pos++) changed[b * 13 + pos] = (rows[b * 13 + pos] + 1 + pos) % 13;
        }
        INDArray before = graph.logits(Batch.fromRows(rows, 2, 12)).dup();
        INDArray after = graph.logits(Batch.fromRows(changed, 2, 12)).dup();
        for (int b = 0; b < 2; b++) {
            INDArray early = before.get(NDArrayIndex.interval(b * 12, b * 12 + t), NDArrayIndex.all());
            INDArray earlyAfter = after.get(NDArrayIndex.interval(b * 12, b * 12 + t), NDArrayIndex.all());
            assertThat(early.equals(earlyAfter)).as("logits before position %d, sequence %d", t, b).isTrue();
            INDArray late = before.get(NDArrayIndex.interval(b * 12 + t, b * 12 + 12), NDArrayIndex.all());
            INDArray lateAfter = after.get(NDArrayIndex.interval(b * 12 + t, b * 12 + 12), NDArrayIndex.all());
            assertThat(late.equalsWithEps(lateAfter, 1e-6)).as("later logits must change").isFalse();
        }
    }

    @Test
    void initialLossIsNearLnVocabAndTinyModelOverfitsOneBatch() {
        ModelConfig config = new ModelConfig(1, 2, 16, 16, 20, true);
        Parameters params = Parameters.initial(config, 11);
        GptGraph graph = new GptGraph(config, params);
        Batch batch = Batch.fromRows(randomRows(4, 16, 20, 5), 4, 16);
        double first = graph.loss(batch);
        assertThat(first).isCloseTo(Math.log(20), within(0.1));
        for (int step = 0; step < 60; step++) {
            GptGraph.LossAndGradients lg = graph.lossAndGradients(batch);
            for (ParamSpec spec : params.specs()) {
                params.get(spec.name()).subi(lg.gradients().get(spec.name()).mul(0.5));
            }
        }
        assertThat(graph.loss(batch)).as("loss after 60 SGD steps on one batch").isLessThan(first / 2);
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        ModelConfig config = new ModelConfig(1, 2, 16, 8, 20, false);
        Parameters params = Parameters.initial(config, 3);
        GptGraph graph = new GptGraph(config, params);
        Batch batch = Batch.fromRows(randomRows(2, 8, 20, 9), 2, 8);
        GptGraph.LossAndGradients lg = graph.lossAndGradients(batch);
        String[] names = {"wte", "wpe", "h0/attn/wqkv", "h0/attn/bo", "h0/mlp/w1", "h0/ln1/gain", "lnf/gain", "head/w"};
        for (String name : names) {
            INDArray w = params.get(name);
            INDArray g = lg.gradients().get(name);
            long index = g.argMax().getLong(0) % w.length();
            INDArray flat = w.reshape(w.length());
            float original = flat.getFloat(index);
            flat.putScalar(index, original + 1e-2f);
            double plus = graph.loss(batch);
            flat.putScalar(index, original - 1e-2f);
            double minus = graph.loss(batch);
            flat.putScalar(index, original);
            double analytic = g.reshape(g.length()).getDouble(index);
            assertThat((plus - minus) / 2e-2).as(name).isCloseTo(analytic, within(0.05 * Math.abs(analytic) + 1e-4));
        }
    }
}
