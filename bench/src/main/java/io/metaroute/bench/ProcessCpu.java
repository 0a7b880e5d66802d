package io.metaroute.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU ticks per process from {@code /proc/<pid>/stat}, so that a run can say who else used the
 * cores: PostgreSQL, the anvil nodes, or an unrelated build that happened to run at the same time.
 * Linux only; elsewhere the snapshot is empty.
 */
final class ProcessCpu {
    private static final long SELF = ProcessHandle.current().pid();

    private ProcessCpu() {
    }

    /** pid to (label, utime + stime in clock ticks). */
    record Entry(String label, long ticks) {
    }

    static Map<Long, Entry> snapshot() {
        var out = new HashMap<Long, Entry>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().matches("\\d+"))) {
            for (Path dir : dirs) {
                long pid = Long.parseLong(dir.getFileName().toString());
                try {
                    String stat = Files.readString(dir.resolve("stat"));
                    int open = stat.indexOf('(');
                    int close = stat.lastIndexOf(')');
                    String comm = stat.substring(open + 1, close);
                    String[] rest = stat.substring(close + 2).split(" ");
                    // rest[0] is field 3 (state); utime is field 14, stime field 15
                    long ticks = Long.parseLong(rest[11]) + Long.parseLong(rest[12]);
                    out.put(pid, new Entry(label(pid, comm), ticks));
                } catch (IOException | RuntimeException e) {
                    // the process ended while we looked
                }
            }
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
        return out;
    }

    private static String label(long pid, String comm) {
        if (pid == SELF) {
            return "bench JVM (client + API)";
        }
        if (comm.startsWith("postgres")) {
            return "postgres";
        }
        if (comm.contains("anvil")) {
            return "anvil";
        }
        if (comm.equals("java")) {
            return "other JVMs (e.g. a build)";
        }
        return "other";
    }

    /** Percent of all cores per label between two snapshots, largest first, labels under 1% dropped. */
    static Map<String, Double> since(Map<Long, Entry> before, Map<Long, Entry> after, long wallNanos) {
        double ticksPerSecond = 100.0; // USER_HZ on Linux
        double capacity = ticksPerSecond * wallNanos / 1e9 * Runtime.getRuntime().availableProcessors();
        var byLabel = new HashMap<String, Long>();
        after.forEach((pid, a) -> {
            Entry b = before.get(pid);
            long delta = b == null ? a.ticks() : a.ticks() - b.ticks();
            if (delta > 0) {
                byLabel.merge(a.label(), delta, Long::sum);
            }
        });
        var out = new LinkedHashMap<String, Double>();
        byLabel.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> {
                    double pct = Math.round(1000.0 * e.getValue() / capacity) / 10.0;
                    if (pct >= 1.0) {
                        out.put(e.getKey(), pct);
                    }
                });
        return out;
    }
}
