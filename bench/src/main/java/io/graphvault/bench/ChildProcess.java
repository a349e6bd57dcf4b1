package io.graphvault.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;

/**
 * One timed step: a fresh JVM running {@code mainClass}, so that each step pays its own start-up and
 * its memory is its own. The peak resident set size comes from {@code VmHWM} in
 * {@code /proc/<pid>/status} (Linux), sampled while the process runs: the kernel keeps the maximum,
 * so the last sample is the peak up to a few milliseconds before exit. Its CPU time (user and
 * system, {@code /proc/<pid>/stat}) is sampled alike; the servers' CPU time over the same span comes
 * from the caller ({@code serverCpu}: this JVM's, or the server processes').
 */
final class ChildProcess {

    record Outcome(int exitCode, double seconds, long peakRssBytes, double clientCpuSeconds, double serverCpuSeconds,
            String stdout, String stderr) {
        boolean ok() {
            return exitCode == 0;
        }

        /** The step's own clock ({@code timed: <seconds>} on stdout: the limits time only their reads or writes), else the process's. */
        double timedSeconds() {
            return stdout.lines().filter(l -> l.startsWith("timed: ")).map(l -> Double.parseDouble(l.substring(7).strip()))
                    .findFirst().orElse(seconds);
        }

        /** GraphVault's one-line reason, else the first line of stderr (a usage error, a JVM error). */
        String reason() {
            List<String> lines = stderr.lines().filter(l -> !l.isBlank()).toList();
            String line = lines.stream().filter(l -> l.startsWith("graphvault: ")).findFirst()
                    .orElse(lines.isEmpty() ? "" : lines.get(0));
            return "exit " + exitCode + (line.isEmpty() ? "" : ": " + line);
        }
    }

    /** Clock ticks per second of {@code /proc/<pid>/stat} (USER_HZ, 100 on Linux). */
    private static final double TICKS = 100.0;

    private ChildProcess() {
    }

    static Outcome run(DoubleSupplier serverCpu, String classpath, List<String> jvmOptions, Map<String, String> env,
            Path workDir, Duration deadline, String mainClass, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(java());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classpath);
        command.add(mainClass);
        command.addAll(List.of(args));
        return run(serverCpu, command, env, workDir, deadline, mainClass + " " + String.join(" ", args));
    }

    /** This JVM's {@code java}: the steps' JVMs run the same Java as the bench. */
    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The same for a whole command line ({@code what} names it in the error when it takes too long). */
    static Outcome run(DoubleSupplier serverCpu, List<String> command, Map<String, String> env, Path workDir,
            Duration deadline, String what) throws IOException, InterruptedException {
        Path out = Files.createTempFile(workDir, "stdout", ".txt");
        Path err = Files.createTempFile(workDir, "stderr", ".txt");
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().putAll(env);
        long start = System.nanoTime();
        double serverCpuBefore = serverCpu.getAsDouble();
        Process p = pb.start();
        long peak = 0;
        double clientCpu = 0;
        long deadlineNanos = start + deadline.toNanos();
        while (!p.waitFor(20, TimeUnit.MILLISECONDS)) {
            peak = Math.max(peak, vmHwm(p.pid()));
            clientCpu = Math.max(clientCpu, cpuSeconds(p.pid()));
            if (System.nanoTime() > deadlineNanos) {
                p.destroyForcibly().waitFor();
                throw new IOException(what + " did not finish within " + deadline);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double serverSeconds = serverCpu.getAsDouble() - serverCpuBefore;
        Outcome outcome = new Outcome(p.exitValue(), seconds, peak, clientCpu, serverSeconds, Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
        return outcome;
    }

    /** User plus system CPU seconds of a running process, from fields 14 and 15 of {@code /proc/<pid>/stat}; 0 when gone or not Linux. */
    static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static long vmHwm(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone between two samples, or not Linux: the peak seen so far stands
        }
        return 0;
    }
}
