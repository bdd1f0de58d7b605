package dev.ladder.trainer.ladder;

import java.nio.file.Path;
import java.util.Locale;

/**
 * An sbatch job-array script for a plan: array task i runs {@code ladder train --plan plan.json --rung i} into the
 * shared runs folder, so Slurm runs the same rungs as {@code ladder run}, and a requeued or re-submitted task resumes
 * from its checkpoint the same way.
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

    /** The script's text for {@code plan}, saved at {@code planFile}, training into {@code out}. */
    public String render(Plan plan, Path planFile, Path out, Path jar) {
        int last = plan.rungs().size() - 1;
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
        s.append("#SBATCH --time=").append(time).append('\n');
        s.append("#SBATCH --signal=B:TERM@120\n");
        s.append("#SBATCH --output=").append(out.resolve(plan.ladder()).resolve("slurm-%A_%a.log")).append('\n');
        s.append("set -euo pipefail\n");
        s.append("exec java -jar ").append(jar).append(" train --plan ").append(planFile)
                .append(" --rung \"$SLURM_ARRAY_TASK_ID\" --out ").append(out)
                .append(" --threads \"${SLURM_CPUS_PER_TASK:-1}\"")
                .append(cacheDir != null ? " --cache-dir " + cacheDir : "")
                .append(gpusPerTask > 0 ? " --device CUDA" : "").append('\n');
        return s.toString();
    }
}
