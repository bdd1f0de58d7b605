package dev.ladder.trainer.ladder;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ladder.trainer.config.TrainConfig.Device;
import dev.ladder.trainer.model.Engine;
import dev.ladder.trainer.model.ModelConfig;
import dev.ladder.trainer.train.Backend;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Worker JVMs get the thread count they are given, in ND4J's own operations and in the fast engine's kernels. */
class ChildJvmTest {

    @Test
    void aWorkerStartedWithOneThreadRunsNd4jOnOneThread() throws IOException, InterruptedException {
        JvmMemory memory = JvmMemory.forTraining(new ModelConfig(2, 2, 16, 64, 43, true), 8, Engine.Kind.FAST,
                Device.CPU, JvmMemory.Corpus.NONE);
        Process doctor = ChildJvm.limitThreads(new ProcessBuilder(ChildJvm.ladder(memory,
                List.of("doctor", "--device", "CPU"))), 1).redirectErrorStream(true).start();
        doctor.getOutputStream().close();
        String output = new String(doctor.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        doctor.waitFor();
        // without OMP_NUM_THREADS, ND4J takes every core whatever setMaxThreads was told
        assertThat(output).containsPattern("threads\\s+ND4J 1, BLAS 1,");
    }

    @Test
    void theEngineTakesTheBackendsThreadCountNotNd4jsAnswer() {
        assertThat(Backend.start(Device.CPU, 1).engineOptions().threads()).isEqualTo(1);
        assertThat(Backend.start(Device.CPU, 3).engineOptions().threads()).isEqualTo(3);
    }
}
