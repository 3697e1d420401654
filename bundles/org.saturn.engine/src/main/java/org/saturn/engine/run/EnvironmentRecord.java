package org.saturn.engine.run;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * {@code environment.json} of a run: what produced its numbers (the command line, Saturn and ND4J
 * versions, the spec's git commit and whether the work tree was dirty, JVM, ND4J backend, OS, CPU,
 * host), so a result can be traced and reproduced; for a dirty work tree the worker also keeps
 * the uncommitted changes as {@code source.patch} ({@link #sourcePatch}).
 */
public final class EnvironmentRecord {

    /** The file beside environment.json with {@code git diff HEAD} of a dirty work tree. */
    public static final String SOURCE_PATCH = "source.patch";

    /**
     * The user's command, handed by {@code saturn run} to its worker JVMs (whose own command line is
     * {@code saturn worker ...}, which says less).
     */
    public static final String COMMAND_LINE_VARIABLE = "SATURN_COMMAND_LINE";

    private static volatile String commandLine;

    private EnvironmentRecord() {
    }

    /** Remembers this JVM's {@code saturn} command (called by the CLI's main). */
    public static void recordCommandLine(String... arguments) {
        StringBuilder line = new StringBuilder("saturn");
        for (String argument : arguments) {
            line.append(' ').append(argument.matches("[A-Za-z0-9_./=:,@%+-]+") ? argument
                    : "'" + argument.replace("'", "'\\''") + "'");
        }
        commandLine = line.toString();
    }

    /** The command that started the runs: the parent's (from the environment) or this JVM's; null if unknown. */
    public static String commandLine() {
        String inherited = System.getenv(COMMAND_LINE_VARIABLE);
        return inherited != null && !inherited.isBlank() ? inherited : commandLine;
    }

    public static String describe(Path specFolder, String backend) {
        Map<String, Object> environment = new LinkedHashMap<>();
        String version = EnvironmentRecord.class.getPackage().getImplementationVersion();
        environment.put("commandLine", commandLine());
        environment.put("saturnVersion", version != null ? version : "0.1.0-SNAPSHOT");
        environment.put("nd4jVersion", nd4jVersion());
        String commit = git(specFolder, "rev-parse", "HEAD");
        environment.put("gitCommit", commit);
        String status = commit == null ? null : git(specFolder, "status", "--porcelain");
        environment.put("gitDirty", status == null ? null : !status.isEmpty());
        environment.put("sourcePatch", status != null && sourcePatch(specFolder) != null ? SOURCE_PATCH : null);
        environment.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        environment.put("backend", backend);
        environment.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        environment.put("cpu", cpuModel());
        environment.put("cores", Runtime.getRuntime().availableProcessors());
        environment.put("ompThreads", System.getenv("OMP_NUM_THREADS"));
        environment.put("host", host());
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(environment) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * {@code git diff HEAD} of the work tree holding {@code specFolder}: the uncommitted changes to
     * tracked files (new untracked files are not in it); null when there are none or there is no
     * repository.
     */
    public static String sourcePatch(Path specFolder) {
        String diff = gitRaw(specFolder, "diff", "HEAD", "--no-color", "--no-ext-diff");
        return diff == null || diff.isBlank() ? null : diff;
    }

    /** The ND4J release on the classpath (from its Maven metadata), or null. */
    static String nd4jVersion() {
        try (java.io.InputStream in = EnvironmentRecord.class.getClassLoader()
                .getResourceAsStream("META-INF/maven/org.nd4j/nd4j-api/pom.properties")) {
            if (in != null) {
                java.util.Properties properties = new java.util.Properties();
                properties.load(in);
                return properties.getProperty("version");
            }
        } catch (IOException e) {
            // fall through to the manifest
        }
        try {
            Package nd4j = Class.forName("org.nd4j.linalg.factory.Nd4j").getPackage();
            return nd4j == null ? null : nd4j.getImplementationVersion();
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    /** Output of a git command in {@code folder}, trimmed; null when git or the repository is missing. */
    private static String git(Path folder, String... arguments) {
        String out = gitRaw(folder, arguments);
        return out == null ? null : out.trim();
    }

    /** Output of a git command in {@code folder} as it is; null when git or the repository is missing. */
    private static String gitRaw(Path folder, String... arguments) {
        try {
            List<String> command = new java.util.ArrayList<>(List.of("git", "-C", folder.toString()));
            command.addAll(List.of(arguments));
            Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
            process.getOutputStream().close();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
                return null;
            }
            return out;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static String cpuModel() {
        try {
            for (String line : java.nio.file.Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            // not Linux: the architecture below is all we know
        }
        return System.getProperty("os.arch");
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return null;
        }
    }
}
