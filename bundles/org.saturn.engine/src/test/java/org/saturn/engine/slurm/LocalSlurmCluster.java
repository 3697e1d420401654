package org.saturn.engine.slurm;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real one-node Slurm cluster for tests (Debian {@code slurm-wlm} + {@code munge}, see
 * BUILD-NOTES "Slurm on one machine"): its own munge key, socket, slurm.conf, state and logs in a
 * temporary folder and free ports, so it never touches /etc or another cluster on the machine.
 * The three daemons run in the foreground as children of the test and are stopped by their PIDs
 * in {@link #close()}, together with any job processes they left.
 */
final class LocalSlurmCluster implements AutoCloseable {

    static final List<String> PACKAGES = List.of("slurm-wlm", "munge");
    private static final List<String> PROGRAMS = List.of("/usr/sbin/munged", "/usr/sbin/slurmctld", "/usr/sbin/slurmd",
            "/usr/bin/sbatch");

    private final Path folder;
    private final Path conf;
    private final List<Process> daemons = new ArrayList<>();

    private LocalSlurmCluster(Path folder) {
        this.folder = folder;
        this.conf = folder.resolve("slurm.conf");
    }

    /** Why this machine cannot run the cluster, or null when it can (daemons need root). */
    static String unavailableReason() {
        String user = System.getProperty("user.name");
        if (!"root".equals(user)) {
            return "the Slurm test starts munged, slurmctld and slurmd, which needs root (running as " + user
                    + "); ./saturn test runs it as root in CI";
        }
        return null;
    }

    /** Installs slurm-wlm and munge with apt-get when one of their programs is missing. */
    static void ensureInstalled() throws IOException, InterruptedException {
        if (PROGRAMS.stream().allMatch(program -> Files.isExecutable(Path.of(program)))) {
            return;
        }
        List<String> install = new ArrayList<>(List.of("apt-get", "install", "-y", "-qq", "--no-install-recommends"));
        install.addAll(PACKAGES);
        if (exec(install, 600) != 0 && (exec(List.of("apt-get", "update", "-qq"), 300) != 0 || exec(install, 600) != 0)) {
            throw new IllegalStateException("cannot install " + String.join(" ", PACKAGES)
                    + " with apt-get (see the output above); install them by hand to run the Slurm test");
        }
    }

    static LocalSlurmCluster start(Path folder) throws IOException, InterruptedException {
        LocalSlurmCluster cluster = new LocalSlurmCluster(folder);
        try {
            cluster.startDaemons();
            return cluster;
        } catch (IOException | InterruptedException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /** The environment Slurm's client commands need to talk to this cluster. */
    Map<String, String> environment() {
        return Map.of("SLURM_CONF", conf.toString());
    }

    private void startDaemons() throws IOException, InterruptedException {
        Path munge = Files.createDirectories(folder.resolve("munge"));
        Path keys = Files.createDirectories(folder.resolve("munge-key"));
        Files.setPosixFilePermissions(keys, PosixFilePermissions.fromString("rwx------"));
        Path key = keys.resolve("munge.key");
        byte[] secret = new byte[1024];
        new SecureRandom().nextBytes(secret);
        Files.write(key, secret);
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("r--------"));
        Path socket = munge.resolve("munge.socket");
        // -f: munged refuses root and a socket under /tmp otherwise; this key exists only for this test
        daemon(List.of("/usr/sbin/munged", "--foreground", "--force", "--key-file=" + key, "--socket=" + socket,
                "--pid-file=" + munge.resolve("munged.pid"), "--log-file=" + munge.resolve("munged.log"),
                "--seed-file=" + munge.resolve("munged.seed")), "munged");
        waitFor(() -> Files.exists(socket), 20, "munged did not create its socket");

        String host = hostname();
        for (String name : List.of("state", "spool", "log")) {
            Files.createDirectories(folder.resolve(name));
        }
        Files.writeString(conf, String.join("\n",
                "ClusterName=saturntest",
                "SlurmctldHost=" + host,
                "SlurmUser=root",
                "SlurmdUser=root",
                "AuthType=auth/munge",
                "CredType=cred/munge",
                "AuthInfo=socket=" + socket,
                "ProctrackType=proctrack/linuxproc",
                "TaskPlugin=task/none",
                "SelectType=select/cons_tres",
                "SelectTypeParameters=CR_Core",
                "JobAcctGatherType=jobacct_gather/none",
                "AccountingStorageType=accounting_storage/none",
                "MpiDefault=none",
                "ReturnToService=2",
                "KillWait=5",
                "SlurmctldPort=" + freePort(),
                "SlurmdPort=" + freePort(),
                "StateSaveLocation=" + folder.resolve("state"),
                "SlurmdSpoolDir=" + folder.resolve("spool"),
                "SlurmctldPidFile=" + folder.resolve("slurmctld.pid"),
                "SlurmdPidFile=" + folder.resolve("slurmd.pid"),
                "SlurmctldLogFile=" + folder.resolve("log/slurmctld.log"),
                "SlurmdLogFile=" + folder.resolve("log/slurmd.log"),
                // the node's memory: saturn slurm asks for each task's estimate (--mem), which a node
                // without RealMemory (1 MB by default) can never satisfy
                "NodeName=" + host + " CPUs=" + Runtime.getRuntime().availableProcessors() + " RealMemory="
                        + realMemoryMegabytes() + " State=UNKNOWN",
                "PartitionName=debug Nodes=" + host + " Default=YES MaxTime=INFINITE State=UP", ""),
                StandardCharsets.UTF_8);
        daemon(List.of("/usr/sbin/slurmctld", "-D", "-i", "-f", conf.toString()), "slurmctld");
        daemon(List.of("/usr/sbin/slurmd", "-D", "-f", conf.toString()), "slurmd");
        waitFor(() -> output(List.of("sinfo", "--noheader", "--format=%T")).trim().startsWith("idle"), 60,
                "the node did not become idle");
    }

    private void daemon(List<String> command, String name) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(folder.resolve(name + ".out").toFile());
        builder.environment().putAll(environment());
        daemons.add(builder.start());
    }

    private interface Check {
        boolean ok() throws IOException, InterruptedException;
    }

    private void waitFor(Check check, int seconds, String failure) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!check.ok()) {
            for (Process daemon : daemons) {
                if (!daemon.isAlive()) {
                    throw new IllegalStateException(daemon.info().command().orElse("a daemon") + " exited with "
                            + daemon.exitValue() + "; logs: " + logs());
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(failure + " within " + seconds + " s; logs: " + logs());
            }
            Thread.sleep(200);
        }
    }

    String logs() {
        StringBuilder text = new StringBuilder();
        for (String log : List.of("munged.out", "slurmctld.out", "slurmd.out", "log/slurmctld.log", "log/slurmd.log")) {
            try {
                List<String> lines = Files.readAllLines(folder.resolve(log), StandardCharsets.UTF_8);
                text.append("\n--- ").append(log).append('\n')
                        .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size())));
            } catch (IOException e) {
                // a daemon that never started has no log
            }
        }
        return text.toString();
    }

    /**
     * Cancels every job and waits for their processes to end (slurmstepd and the workers are not
     * children of slurmd: they would outlive it), then stops the daemons by PID, SIGTERM then
     * SIGKILL. Job processes still alive after the wait are killed by the PIDs slurmd lists.
     */
    @Override
    public void close() {
        if (daemons.size() == 3 && daemons.stream().allMatch(Process::isAlive)) {
            try {
                output(List.of("scancel", "--partition=debug"));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (System.nanoTime() < deadline && !(output(List.of("squeue", "--noheader")).isBlank()
                        && jobPids().isEmpty())) {
                    Thread.sleep(200);
                }
                jobPids().forEach(pid -> ProcessHandle.of(pid).ifPresent(LocalSlurmCluster::stop));
            } catch (IOException e) {
                // the daemons are stopped below anyway
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (int i = daemons.size() - 1; i >= 0; i--) {
            stop(daemons.get(i).toHandle());
        }
        daemons.clear();
    }

    /** The PIDs of job processes on the node ({@code scontrol listpids}). */
    private List<Long> jobPids() throws IOException, InterruptedException {
        List<Long> pids = new ArrayList<>();
        for (String line : output(List.of("scontrol", "listpids")).split("\n")) {
            String first = line.trim().split("\\s+")[0];
            if (first.matches("\\d+")) {
                pids.add(Long.parseLong(first));
            }
        }
        return pids;
    }

    private static void stop(ProcessHandle process) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            process.onExit().get(15, TimeUnit.SECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
        }
    }

    String output(List<String> command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment());
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor(60, TimeUnit.SECONDS);
        return out;
    }

    private static int exec(List<String> command, int seconds) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
        Process process = builder.start();
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return -1;
        }
        return process.exitValue();
    }

    private static String hostname() throws IOException, InterruptedException {
        Process process = new ProcessBuilder("hostname", "-s").start();
        String name = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        process.waitFor();
        if (name.isEmpty()) {
            throw new IllegalStateException("hostname -s printed nothing");
        }
        return name;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** This machine's memory in megabytes, as slurm.conf's RealMemory takes it. */
    private static long realMemoryMegabytes() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os && os.getTotalMemorySize() > 0) {
            return (os.getTotalMemorySize() >> 20) * 9 / 10; // below what slurmd measures, or it drains the node
        }
        return 1024;
    }
}
