package org.saturn.ui.launch;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The engine command a launch runs: {@code saturn run SPEC ... --progress json} on this machine,
 * or {@code saturn slurm SPEC ...} to queue the same runs on a Slurm cluster. Only the arguments
 * after the engine's own command prefix (see {@link EngineLocator}).
 */
public final class StudyCommandLine {

    private StudyCommandLine() {
    }

    public static List<String> arguments(StudyLaunchSettings settings, Path spec) {
        List<String> args = new ArrayList<>();
        args.add(settings.slurm() ? "slurm" : "run");
        args.add(spec.toString());
        if (!settings.study().isBlank()) {
            args.add("--study");
            args.add(settings.study().strip());
        }
        if (!settings.only().isBlank()) {
            args.add("--only");
            args.add(settings.only().replaceAll("\\s+", ""));
        }
        String store = settings.effectiveStore();
        if (!store.isBlank()) {
            args.add("--store");
            args.add(Path.of(store).toAbsolutePath().normalize().toString());
        }
        if (settings.slurm()) {
            option(args, "--partition", settings.partition());
            option(args, "--time", settings.time());
            args.add("--cpus-per-task");
            args.add(Integer.toString(Math.max(1, settings.cpusPerTask())));
            if (settings.gpus() > 0) {
                args.add("--gpus");
                args.add(Integer.toString(settings.gpus()));
            }
        } else {
            args.add("--workers");
            args.add(Integer.toString(settings.workers()));
            args.add("--progress");
            args.add("json");
        }
        args.add("--backend");
        args.add(settings.backend());
        return args;
    }

    private static void option(List<String> args, String name, String value) {
        if (value != null && !value.isBlank()) {
            args.add(name);
            args.add(value.strip());
        }
    }

    /** The command as a shell would show it (arguments with spaces quoted), for the tab and the console. */
    public static String display(List<String> command) {
        StringBuilder text = new StringBuilder();
        for (String arg : command) {
            text.append(text.length() == 0 ? "" : " ")
                    .append(arg.isEmpty() || arg.matches(".*[\\s'\"$].*") ? "'" + arg.replace("'", "'\\''") + "'" : arg);
        }
        return text.toString();
    }
}
