package dev.ladder.trainer.ladder;

import dev.ladder.trainer.config.TrainConfig;
import dev.ladder.trainer.config.TrainConfig.Device;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * An sbatch job-array script for a plan: array task i runs {@code ladder train --plan plan.json --rung i} into the
 * shared runs folder, so Slurm runs the same rungs as {@code ladder run}, and a requeued or re-submitted task resumes
 * from its checkpoint the same way. Each task's JVM gets the memory limits of its rung's shape ({@link JvmMemory}),
 * and the job asks Slurm for the largest of them ({@code --mem}) when every rung has one.
 *
 * @param partition   Slurm partition; null leaves Slurm's default
 * @param gpusPerTask GPUs per array task; 0 for CPU-only tasks
 * @param cpusPerTask CPU cores per array task (also the trainer's thread count)
 * @param time        wall-time limit per task, HH:MM:SS
 * @param maxParallel most tasks running at once; 0 for no limit
 * @param cacheDir    token cache folder the tasks use (the one the plan was made with); null leaves their default
 */
public record SlurmScript(String partition, int gpusPerTask, int cpusPerTask, String time, int maxParallel,
                          Path cacheDir) {

    /**
     * The script's text for {@code plan}, saved at {@code planFile}, training into {@code out}.
     *
     * @param corpus the size of the plan's corpus, for the tasks' memory limits
     */
    public String render(Plan plan, Path planFile, Path out, Path jar, JvmMemory.Corpus corpus) {
        int last = plan.rungs().size() - 1;
        List<JvmMemory> memory = memory(plan, planFile, corpus);
        long maxResident = memory.stream().mapToLong(JvmMemory::residentBytes).max().orElse(0);
        boolean everyLimited = memory.stream().allMatch(m -> m.residentBytes() > 0);
        StringBuilder s = new StringBuilder();
        s.append("#!/bin/bash\n");
        s.append("# Slurm job array for ladder ").append(plan.ladder()).append(" (").append(plan.rungs().size())
                .append(" rungs, ").append(String.format(Locale.ROOT, "%.3g", plan.totalFlops()))
                .append(" FLOPs in all), written by `ladder slurm`.\n");
        s.append("# Task i trains rung i of ").append(planFile).append(" into ").append(out).append(".\n");
        s.append("# Submit with: sbatch ").append("<this file>").append("; check with: ladder status ")
                .append(out.resolve(plan.ladder())).append('\n');
        s.append("# A task that is stopped (time limit, preemption, scancel) resumes from its checkpoint when\n");
        s.append("# resubmitted; completed rungs are skipped.\n");
        s.append("#SBATCH --job-name=ladder-").append(plan.ladder()).append('\n');
        s.append("#SBATCH --array=0-").append(last).append(maxParallel > 0 ? "%" + maxParallel : "").append('\n');
        if (partition != null) s.append("#SBATCH --partition=").append(partition).append('\n');
        if (gpusPerTask > 0) s.append("#SBATCH --gpus-per-task=").append(gpusPerTask).append('\n');
        s.append("#SBATCH --ntasks=1\n");
        s.append("#SBATCH --cpus-per-task=").append(cpusPerTask).append('\n');
        if (everyLimited) s.append("#SBATCH --mem=").append(maxResident >> 20).append("M\n");
        s.append("#SBATCH --time=").append(time).append('\n');
        s.append("#SBATCH --signal=B:TERM@120\n");
        s.append("#SBATCH --output=").append(out.resolve(plan.ladder()).resolve("slurm-%A_%a.log")).append('\n');
        s.append("set -euo pipefail\n");
        s.append("# JVM memory limits of each rung (heap, JavaCPP's off-heap and resident limits), from its shape\n");
        s.append("memory=(\n");
        for (int i = 0; i <= last; i++) {
            s.append("    \"").append(String.join(" ", memory.get(i).flags())).append("\"  # ")
                    .append(i).append(": ").append(plan.rungs().get(i).runId()).append('\n');
        }
        s.append(")\n");
        s.append("# a short spin of OpenBLAS's idle threads leaves the cores to the fast engine's kernels\n");
        s.append("export OPENBLAS_THREAD_TIMEOUT=\"${OPENBLAS_THREAD_TIMEOUT:-4}\"")
                .append(" OMP_WAIT_POLICY=\"${OMP_WAIT_POLICY:-PASSIVE}\"\n");
        s.append("exec java ").append(String.join(" ", ChildJvm.VECTOR_API))
                .append(" ${memory[$SLURM_ARRAY_TASK_ID]} -jar ").append(jar).append(" train --plan ")
                .append(planFile)
                .append(" --rung \"$SLURM_ARRAY_TASK_ID\" --out ").append(out)
                .append(" --threads \"${SLURM_CPUS_PER_TASK:-1}\"")
                .append(cacheDir != null ? " --cache-dir " + cacheDir : "")
                .append(gpusPerTask > 0 ? " --device CUDA" : "").append('\n');
        return s.toString();
    }

    /** The memory limits of each rung's task, in plan order. */
    private List<JvmMemory> memory(Plan plan, Path planFile, JvmMemory.Corpus corpus) {
        return plan.rungs().stream().map(rung -> {
            TrainConfig train = rung.runConfig(planFile.toString()).train();
            Device device = gpusPerTask > 0 ? Device.CUDA : train.device();
            return JvmMemory.forTraining(rung.model(), train.batchSize(), train.engine(), device, corpus);
        }).toList();
    }
}
