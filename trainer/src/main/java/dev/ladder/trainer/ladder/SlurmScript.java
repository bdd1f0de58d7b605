package dev.ladder.trainer.ladder;

import dev.ladder.trainer.config.TrainConfig;
import dev.ladder.trainer.config.TrainConfig.Device;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;

/**
 * An sbatch job-array script for a plan: array task i runs {@code ladder train --plan plan.json --rung i} into the
 * shared runs folder, so Slurm runs the same rungs as {@code ladder run}, and a requeued or re-submitted task resumes
 * from its checkpoint the same way. Each task's JVM gets the memory limits of its rung's shape ({@link JvmMemory}),
 * and the job asks Slurm for the largest of them ({@code --mem}) when every rung has one. When rungs depend on
 * other rungs, {@link #renderSubmit} writes the script that submits the array in stages with job dependencies.
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
        s.append("# a short spin of OpenBLAS's idle threads leaves the cores to the fast engine's kernels; ND4J's\n")
                .append("# own operations take their thread count from OMP_NUM_THREADS (its setter does nothing)\n");
        s.append("export OPENBLAS_THREAD_TIMEOUT=\"${OPENBLAS_THREAD_TIMEOUT:-4}\"")
                .append(" OMP_WAIT_POLICY=\"${OMP_WAIT_POLICY:-PASSIVE}\"")
                .append(" OMP_NUM_THREADS=\"${OMP_NUM_THREADS:-${SLURM_CPUS_PER_TASK:-1}}\"\n");
        List<String> vectorApi = ChildJvm.VECTOR_API.stream().map(SlurmScript::shellWord).toList();
        s.append("exec java ").append(String.join(" ", vectorApi))
                .append(" ${memory[$SLURM_ARRAY_TASK_ID]} -jar ").append(jar).append(" train --plan ")
                .append(planFile)
                .append(" --rung \"$SLURM_ARRAY_TASK_ID\" --out ").append(out)
                .append(" --threads \"${SLURM_CPUS_PER_TASK:-1}\"")
                .append(cacheDir != null ? " --cache-dir " + cacheDir : "")
                .append(gpusPerTask > 0 ? " --device CUDA" : "").append('\n');
        return s.toString();
    }

    /** {@code word} as one shell word: as it is when plain, else in single quotes (a JVM flag may hold a '*'). */
    static String shellWord(String word) {
        return word.matches("[A-Za-z0-9_./=:,@+-]+") ? word : "'" + word.replace("'", "'\\''") + "'";
    }

    /** True when some rung depends on another: the job array must then be submitted in stages. */
    public static boolean staged(Plan plan) {
        return plan.rungs().stream().anyMatch(r -> !r.parentIds().isEmpty());
    }

    /**
     * A bash script that submits {@code jobScript} (the text of {@link #render}) in stages, for a plan where rungs
     * depend on others: first one array of the rungs without parents, then for each set of parents one array of
     * the rungs that share it, each with {@code --dependency=afterok:} on exactly its parents' array tasks (so a
     * failed stable run holds back only its own branches, which Slurm then cancels: {@code --kill-on-invalid-dep}).
     */
    public String renderSubmit(Plan plan, Path jobScript) {
        Map<String, Rung> byId = new LinkedHashMap<>();
        plan.rungs().forEach(r -> byId.put(r.runId(), r));
        Map<List<String>, List<Rung>> groups = new LinkedHashMap<>();
        for (Rung rung : byDepth(plan, byId)) {
            groups.computeIfAbsent(rung.parentIds(), k -> new ArrayList<>()).add(rung);
        }
        StringBuilder s = new StringBuilder();
        s.append("#!/bin/bash\n");
        s.append("# Submits the job array of ladder ").append(plan.ladder()).append(" in stages (written by `ladder")
                .append(" slurm`): rungs\n# that depend on other rungs wait for those rungs' array tasks")
                .append(" (afterok). Run it with bash.\n");
        s.append("set -euo pipefail\n");
        s.append("script=").append(jobScript).append('\n');
        String limit = maxParallel > 0 ? "%" + maxParallel : "";
        Map<String, String> task = new LinkedHashMap<>();
        int stage = 0;
        for (Map.Entry<List<String>, List<Rung>> group : groups.entrySet()) {
            String indices = String.join(",", group.getValue().stream().map(r -> Integer.toString(r.index()))
                    .toList());
            String job = "job" + stage;
            s.append("# rungs ").append(String.join(", ", group.getValue().stream().map(Rung::runId).toList()));
            String dependency = "";
            if (group.getKey().isEmpty()) {
                s.append(": no parents\n");
            } else {
                s.append(": after ").append(String.join(", ", group.getKey())).append('\n');
                dependency = " --dependency=afterok:" + String.join(":", group.getKey().stream().map(task::get)
                        .toList()) + " --kill-on-invalid-dep=yes";
            }
            s.append(job).append("=$(sbatch --parsable --array=").append(indices).append(limit).append(dependency)
                    .append(" \"$script\")\n");
            s.append(job).append("=${").append(job).append("%%;*}\n");
            s.append("echo \"rungs ").append(indices).append(": job $").append(job).append("\"\n");
            for (Rung r : group.getValue()) task.put(r.runId(), "${" + job + "}_" + r.index());
            stage++;
        }
        return s.toString();
    }

    /** The rungs ordered by their depth in the dependency graph (parents first), plan order within a depth. */
    private static List<Rung> byDepth(Plan plan, Map<String, Rung> byId) {
        Map<String, Integer> depth = new LinkedHashMap<>();
        for (Rung r : plan.rungs()) depth(r, byId, depth, new ArrayList<>());
        List<Rung> sorted = new ArrayList<>(plan.rungs());
        sorted.sort(Comparator.comparingInt((Rung r) -> depth.get(r.runId())).thenComparingInt(Rung::index));
        return sorted;
    }

    private static int depth(Rung rung, Map<String, Rung> byId, Map<String, Integer> depth, List<String> path) {
        Integer known = depth.get(rung.runId());
        if (known != null) return known;
        if (path.contains(rung.runId())) {
            throw new IllegalStateException("rungs depend on each other in a cycle: " + path);
        }
        path.add(rung.runId());
        int d = 0;
        for (String parent : rung.parentIds()) {
            Rung p = byId.get(parent);
            if (p == null) throw new IllegalStateException(rung.runId() + ": parent " + parent + " not in the plan");
            d = Math.max(d, 1 + depth(p, byId, depth, path));
        }
        depth.put(rung.runId(), d);
        return d;
    }

    /** The memory limits of each rung's task, in plan order. */
    private List<JvmMemory> memory(Plan plan, Path planFile, JvmMemory.Corpus corpus) {
        return plan.rungs().stream().map(rung -> {
            TrainConfig train = rung.runConfig(planFile.toString()).train();
            Device device = gpusPerTask > 0 ? Device.CUDA : train.device();
            return JvmMemory.forTraining(rung.model(), plan.teacherOf(rung).map(Rung::model).orElse(null),
                    train.batchSize(), train.engine(), device, corpus);
        }).toList();
    }
}
