package org.saturn.ui.launch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.Platform;

/**
 * Finds Saturn's engine, which always runs in its own JVM (the workbench never loads ND4J):
 * <ol>
 * <li>{@code -Dsaturn.engine=DIR}: a folder of engine jars (how a packaged product ships it);</li>
 * <li>{@code -Dsaturn.home=CHECKOUT} (set by {@code ./saturn workbench} and the UI tests): the
 * reactor's engine build ({@code bundles/org.saturn.engine/target}: its jar and
 * {@code classpath.txt}), or else the checkout's {@code saturn} launcher, which builds it;</li>
 * <li>an {@code engine/} folder in the product's installation.</li>
 * </ol>
 */
public final class EngineLocator {

    public static final String ENGINE_PROPERTY = "saturn.engine";
    public static final String HOME_PROPERTY = "saturn.home";
    public static final String MAIN_CLASS = "org.saturn.engine.cli.SaturnCli";

    private EngineLocator() {
    }

    /** The command prefix that starts the engine's command line; a clear error when there is none. */
    public static List<String> engineCommand() throws CoreException {
        String engine = System.getProperty(ENGINE_PROPERTY);
        if (engine != null && !engine.isBlank()) {
            List<String> command = jarFolder(Path.of(engine));
            if (command == null) {
                throw StudyLaunchSettings.error("No engine jars in " + engine + " (-D" + ENGINE_PROPERTY + ").");
            }
            return command;
        }
        String home = System.getProperty(HOME_PROPERTY);
        if (home != null && !home.isBlank()) {
            List<String> command = checkout(Path.of(home));
            if (command != null) {
                return command;
            }
        }
        try {
            if (Platform.getInstallLocation() != null) {
                Path installed = Path.of(Platform.getInstallLocation().getURL().toURI()).resolve("engine");
                List<String> command = jarFolder(installed);
                if (command != null) {
                    return command;
                }
            }
        } catch (Exception e) {
            // an unusual installation location: fall through to the explanation
        }
        throw StudyLaunchSettings.error("Saturn's engine was not found, so the study cannot be trained. "
                + "Start the workbench with './saturn workbench' from a Saturn checkout (it tells the workbench where "
                + "the engine is), or start it with -D" + HOME_PROPERTY + "=<checkout> or -D" + ENGINE_PROPERTY
                + "=<folder of engine jars>." + (home == null ? "" : " (" + HOME_PROPERTY + "=" + home
                        + " holds neither an engine build nor the saturn launcher.)"));
    }

    static List<String> checkout(Path home) {
        Path target = home.resolve("bundles/org.saturn.engine/target");
        Path classpath = target.resolve("classpath.txt");
        if (Files.isRegularFile(classpath)) {
            try (Stream<Path> files = Files.list(target)) {
                Path jar = files.filter(f -> f.getFileName().toString().matches("org\\.saturn\\.engine-.*\\.jar"))
                        .findFirst().orElse(null);
                if (jar != null) {
                    return java(jar + java.io.File.pathSeparator + Files.readString(classpath).strip());
                }
            } catch (IOException e) {
                // unreadable build: try the launcher
            }
        }
        Path launcher = home.resolve("saturn");
        return Files.isExecutable(launcher) ? List.of(launcher.toString()) : null;
    }

    private static List<String> jarFolder(Path folder) {
        if (!Files.isDirectory(folder)) {
            return null;
        }
        try (Stream<Path> files = Files.list(folder)) {
            if (files.noneMatch(f -> f.toString().endsWith(".jar"))) {
                return null;
            }
        } catch (IOException e) {
            return null;
        }
        return java(folder.toAbsolutePath() + java.io.File.separator + "*");
    }

    private static List<String> java(String classpath) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx1g");
        command.add("-cp");
        command.add(classpath);
        command.add(MAIN_CLASS);
        return command;
    }
}
