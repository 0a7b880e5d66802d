package io.metaroute.api;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The service's main class in a JVM of its own, started with the given properties (e.g. only the
 * relayer role, against the test's devnet and database), so a test can kill it at OS level.
 */
final class RoleProcess {
    private static final Pattern SERVING = Pattern.compile("Metaroute is serving on http://127\\.0\\.0\\.1:(\\d+)");

    private final Process process;
    private final Path log;
    private final int port;

    private RoleProcess(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** Starts it and waits until it serves HTTP; {@code properties} are {@code name=value} pairs. */
    static RoleProcess start(String label, List<String> properties) throws Exception {
        Files.createDirectories(Path.of("target"));
        Path log = Path.of("target", "role-process-" + label + ".log").toAbsolutePath();
        String java = ProcessHandle.current().info().command().orElse("java");
        var command = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx512m",
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                "io.metaroute.api.MetarouteApplication", "--server.port=0"));
        properties.forEach(p -> command.add("--" + p));
        var builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("METAROUTE_") || k.startsWith("SPRING_") || k.equals("PORT"));
        Process process = builder.start();
        long until = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < until) {
            if (Files.exists(log)) {
                Matcher m = SERVING.matcher(Files.readString(log));
                if (m.find()) {
                    return new RoleProcess(process, log, Integer.parseInt(m.group(1)));
                }
            }
            if (!process.isAlive()) {
                throw new AssertionError("the " + label + " process exited with " + process.exitValue() + ":\n" + tail(log));
            }
            Thread.sleep(100);
        }
        process.destroyForcibly();
        throw new AssertionError("the " + label + " process did not serve within 90 s:\n" + tail(log));
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    /** SIGKILL from outside, as an OOM killer or a node loss would: no shutdown hook runs. */
    void kill9() throws Exception {
        int exit = new ProcessBuilder("kill", "-9", Long.toString(process.pid())).start().waitFor();
        if (exit != 0) {
            throw new IllegalStateException("kill -9 " + process.pid() + " exited with " + exit);
        }
        process.waitFor();
    }

    void stop() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    String logTail() {
        return tail(log);
    }

    private static String tail(Path log) {
        try {
            var lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (java.io.IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
