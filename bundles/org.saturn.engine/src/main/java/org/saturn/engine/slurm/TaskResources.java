package org.saturn.engine.slurm;

import java.util.ArrayList;
import java.util.List;

/**
 * What each array task asks Slurm for. Null means "the cluster's default". Values are checked
 * here so a typo is one clear message before anything is submitted, not a rejected job.
 */
public record TaskResources(String partition, String time, Integer cpusPerTask, String memory, Integer gpus,
        Integer arrayParallelism) {

    public TaskResources {
        if (partition != null && !partition.matches("[A-Za-z0-9._,-]+")) {
            throw new IllegalArgumentException("--partition '" + partition + "' is not a partition name");
        }
        // Slurm's forms: MM, MM:SS, HH:MM:SS, D-HH, D-HH:MM, D-HH:MM:SS
        if (time != null && !time.matches("\\d+(:\\d{1,2}){0,2}|\\d+-\\d{1,2}(:\\d{1,2}){0,2}")) {
            throw new IllegalArgumentException("--time '" + time + "' is not a Slurm time limit (HH:MM:SS or D-HH:MM:SS)");
        }
        if (cpusPerTask != null && cpusPerTask < 1) {
            throw new IllegalArgumentException("--cpus-per-task must be at least 1, not " + cpusPerTask);
        }
        if (memory != null && !memory.matches("\\d+[KMGTkmgt]?")) {
            throw new IllegalArgumentException("--mem '" + memory + "' is not a memory size (e.g. 4G, 512M)");
        }
        if (gpus != null && gpus < 0) {
            throw new IllegalArgumentException("--gpus must be 0 or more, not " + gpus);
        }
        if (arrayParallelism != null && arrayParallelism < 1) {
            throw new IllegalArgumentException("--array-parallelism must be at least 1, not " + arrayParallelism);
        }
    }

    /** The {@code #SBATCH} directives for these resources (the array range is added per job). */
    List<String> directives() {
        List<String> lines = new ArrayList<>();
        if (partition != null) {
            lines.add("--partition=" + partition);
        }
        if (time != null) {
            lines.add("--time=" + time);
        }
        if (cpusPerTask != null) {
            lines.add("--cpus-per-task=" + cpusPerTask);
        }
        if (memory != null) {
            lines.add("--mem=" + memory);
        }
        if (gpus != null && gpus > 0) {
            // --gres (not --gpus) works on every Slurm version a cluster may run
            lines.add("--gres=gpu:" + gpus);
        }
        return lines;
    }

    /** {@code first-last%K}: Slurm's array range, limited to K tasks at once when asked. */
    String arrayRange(int first, int last) {
        return first + "-" + last + (arrayParallelism == null ? "" : "%" + arrayParallelism);
    }
}
