package dev.ladder.trainer.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shipped fine-tuning and distillation run configs load and name their parents. */
class PostTrainingConfigsTest {

    @Test
    void fineTuningConfigNamesAPretrainedRunAndTheTargetCorpus() {
        RunConfig config = ConfigLoader.load(Path.of("..", "configs", "finetune-classroom.json"), List.of());
        assertThat(config.init().pretrained()).isEqualTo("runs/single/tiny-L2-d32-s1");
        assertThat(config.data().corpus()).isEqualTo("synthetic:default?redraw=0.3");
        assertThat(config.distill().teacher()).isNull();
    }

    @Test
    void distillationConfigNamesATeacherWithTheDefaultMix() {
        RunConfig config = ConfigLoader.load(Path.of("..", "configs", "distill-classroom.json"), List.of());
        assertThat(config.distill().teacher()).isEqualTo("runs/single/tiny-L2-d32-s1");
        assertThat(config.distill().lambda()).isEqualTo(1.0);
        assertThat(config.distill().temperature()).isEqualTo(1.0);
        assertThat(config.init().pretrained()).isNull();
    }
}
