package org.saturn.engine.slurm;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The batch script of a sweep: array task i reads line i+1 of {@code runs.tsv} and executes the
 * engine worker (the same command {@code saturn run} starts) on that run. The worker is started
 * as {@code java -cp <the submitting JVM's classpath>}, not through {@code ./saturn}: the launcher
 * would check sources and might rebuild on a compute node, while a fixed classpath makes every
 * task run exactly the engine that was submitted (it must sit on a filesystem all nodes mount,
 * which the script checks before starting Java).
 */
final class JobScript {

    /** Stands for the run in the worker command; the script substitutes its task's {@code STUDY/ID}. */
    static final String RUN_PLACEHOLDER = "SATURN-RUN-OF-THIS-TASK";

    private JobScript() {
    }

    /**
     * @param workerCommand the worker command with {@link #RUN_PLACEHOLDER} as its run
     * @param firstArray    the {@code --array} range of the first job (later jobs of a sweep larger
     *                      than MaxArraySize override it on the sbatch command line)
     */
    static String render(String jobName, Path submission, Path store, TaskResources resources, String firstArray,
            List<String> workerCommand) {
        List<String> directives = new ArrayList<>();
        directives.add("--job-name=" + jobName);
        directives.add("--array=" + firstArray);
        directives.add("--output=" + submission.resolve(Submission.LOGS).resolve("%A_%a.out"));
        directives.addAll(resources.directives());

        StringBuilder script = new StringBuilder();
        script.append("#!/bin/bash\n");
        for (String directive : directives) {
            script.append("#SBATCH ").append(directive).append('\n');
        }
        script.append("""
                # Written by saturn slurm: array task i trains the run on line i+1 of runs.tsv (shifted by
                # SATURN_FIRST_RUN in the later jobs of a sweep larger than the cluster's MaxArraySize).
                # The worker resumes from the run's latest checkpoint and skips a finished run; scancel
                # sends SIGTERM, on which it checkpoints and leaves the run resumable.
                set -euo pipefail
                """);
        script.append("SUBMISSION=").append(quote(submission.toString())).append('\n');
        script.append("STORE=").append(quote(store.toString())).append('\n');
        script.append("JAVA=").append(quote(workerCommand.get(0))).append('\n');
        script.append("""
                line=$(( ${SATURN_FIRST_RUN:-0} + SLURM_ARRAY_TASK_ID + 1 ))
                IFS=$'\\t' read -r study run < <(sed -n "${line}p" "$SUBMISSION/runs.tsv") || true
                if [ -z "${run:-}" ]; then
                  echo "saturn: array task $SLURM_ARRAY_TASK_ID has no run (line $line of $SUBMISSION/runs.tsv)" >&2
                  exit 2
                fi
                # nodes whose Java lives elsewhere use the java on their PATH (17 or newer)
                if [ ! -x "$JAVA" ]; then JAVA=java; fi
                CP=$(cat "$SUBMISSION/classpath.txt")
                IFS=: read -r -a entries <<< "$CP"
                for entry in "${entries[@]}"; do
                  if [ ! -e "$entry" ]; then
                    echo "saturn: $entry is missing on $(hostname): the engine and its jars must be on a filesystem every node mounts" >&2
                    exit 2
                  fi
                done
                mkdir -p "$STORE/$study/$run"
                export OMP_NUM_THREADS="${SLURM_CPUS_PER_TASK:-1}"
                echo "saturn: task ${SLURM_ARRAY_JOB_ID}_${SLURM_ARRAY_TASK_ID} on $(hostname) trains $study/$run" >&2
                """);
        script.append("exec");
        boolean classpathNext = false;
        for (int i = 0; i < workerCommand.size(); i++) {
            String argument = workerCommand.get(i);
            script.append(' ');
            if (i == 0) {
                script.append("\"$JAVA\"");
            } else if (classpathNext) {
                script.append("\"$CP\"");
            } else if (argument.equals(RUN_PLACEHOLDER)) {
                script.append("\"$study/$run\"");
            } else {
                script.append(quote(argument));
            }
            classpathNext = argument.equals("-cp");
        }
        script.append(" 2>>\"$STORE/$study/$run/worker.log\"\n");
        return script.toString();
    }

    /** The classpath argument of a worker command (written to classpath.txt, read by the script). */
    static String classpath(List<String> workerCommand) {
        int option = workerCommand.indexOf("-cp");
        if (option < 0 || option + 1 >= workerCommand.size()) {
            throw new IllegalStateException("the worker command has no classpath: " + workerCommand);
        }
        return workerCommand.get(option + 1);
    }

    /** Single-quoted for bash: safe for any path. */
    static String quote(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }
}
