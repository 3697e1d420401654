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
 * {@code environment.json} of a run: what produced its numbers (Saturn version, the spec's git
 * commit and whether the work tree was dirty, JVM, ND4J backend, OS, CPU, host), so a result can
 * be traced and reproduced.
 */
public final class EnvironmentRecord {

    private EnvironmentRecord() {
    }

    public static String describe(Path specFolder, String backend) {
        Map<String, Object> environment = new LinkedHashMap<>();
        String version = EnvironmentRecord.class.getPackage().getImplementationVersion();
        environment.put("saturnVersion", version != null ? version : "0.1.0-SNAPSHOT");
        String commit = git(specFolder, "rev-parse", "HEAD");
        environment.put("gitCommit", commit);
        environment.put("gitDirty", commit == null ? null : !git(specFolder, "status", "--porcelain").isEmpty());
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

    /** Output of a git command in {@code folder}, trimmed; null when git or the repository is missing. */
    private static String git(Path folder, String... arguments) {
        try {
            List<String> command = new java.util.ArrayList<>(List.of("git", "-C", folder.toString()));
            command.addAll(List.of(arguments));
            Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
            process.getOutputStream().close();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
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
