package io.metaroute.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time of the whole machine (from {@code /proc/stat}) and of this JVM at one instant. Two
 * samples tell how busy the box was during a run and how much of that was this process (load
 * generator + API server), as opposed to PostgreSQL, the anvil nodes, or anything else running.
 */
record CpuSample(long wallNanos, long boxBusyJiffies, long boxTotalJiffies, long processCpuNanos, String loadAverage,
                 long gcCount, long gcMillis, java.util.Map<Long, ProcessCpu.Entry> processes) {

    static CpuSample now() {
        long busy = -1;
        long total = -1;
        String load = "unknown";
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            // cpu user nice system idle iowait irq softirq steal ...
            total = 0;
            for (int i = 1; i < Math.min(f.length, 9); i++) {
                total += Long.parseLong(f[i]);
            }
            busy = total - Long.parseLong(f[4]) - Long.parseLong(f[5]);
            load = Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (Exception e) {
            // not Linux: report what the JVM knows
        }
        long processCpu = -1;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            processCpu = os.getProcessCpuTime();
        }
        long gcCount = 0;
        long gcMillis = 0;
        for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcCount += Math.max(0, gc.getCollectionCount());
            gcMillis += Math.max(0, gc.getCollectionTime());
        }
        return new CpuSample(System.nanoTime(), busy, total, processCpu, load, gcCount, gcMillis, ProcessCpu.snapshot());
    }

    /** What happened between {@code before} and {@code this}, in percent of all cores. */
    Usage since(CpuSample before) {
        int cores = Runtime.getRuntime().availableProcessors();
        double boxBusy = boxTotalJiffies > before.boxTotalJiffies
                ? 100.0 * (boxBusyJiffies - before.boxBusyJiffies) / (boxTotalJiffies - before.boxTotalJiffies) : -1;
        double wall = wallNanos - before.wallNanos;
        double jvm = processCpuNanos >= 0 && wall > 0 ? 100.0 * (processCpuNanos - before.processCpuNanos) / (wall * cores) : -1;
        return new Usage(round(boxBusy), round(jvm), round(boxBusy >= 0 && jvm >= 0 ? boxBusy - jvm : -1), loadAverage,
                gcCount - before.gcCount, gcMillis - before.gcMillis,
                ProcessCpu.since(before.processes, processes, wallNanos - before.wallNanos));
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }

    /**
     * Percent of all cores: the whole box busy, this JVM (client + server), everything else
     * (PostgreSQL, anvil, other processes); the load average at the end; this JVM's GC activity.
     */
    record Usage(double boxBusyPercent, double benchJvmPercent, double otherPercent, String loadAverageAtEnd,
                 long gcCollections, long gcMillis, java.util.Map<String, Double> byProcess) {
        /** Another JVM (typically a build or test run) took a noticeable share: the numbers are not clean. */
        boolean disturbed() {
            return byProcess.getOrDefault("other JVMs (e.g. a build)", 0.0) >= 5.0 || byProcess.getOrDefault("other", 0.0) >= 10.0;
        }

        String byProcessText() {
            var sb = new StringBuilder();
            byProcess.forEach((k, v) -> sb.append(sb.isEmpty() ? "" : ", ").append(k).append(' ').append(v).append('%'));
            return sb.toString();
        }

        @Override
        public String toString() {
            return "box busy " + boxBusyPercent + "% of all cores, this JVM " + benchJvmPercent + "%, other processes "
                    + otherPercent + "% (load average " + loadAverageAtEnd + "); GC " + gcCollections + " collections, "
                    + gcMillis + " ms; by process: " + byProcessText() + (disturbed() ? " [DISTURBED by other processes]" : "");
        }
    }
}
