package io.metaroute.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metaroute.bench.LoadDriver.PhaseResult;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Writes {@code intake-<yyyy-MM-dd>.md} (tables for people) and {@code .json} (for tools). A second
 * invocation on the same day appends its runs to both files instead of overwriting the first.
 */
final class ResultWriter {
    static final double TARGET_RATE = 2_000;
    static final double TARGET_P99_MS = 25;

    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Facts about the machine and the JVM the numbers were measured on. */
    static Map<String, Object> environment() {
        var env = new LinkedHashMap<String, Object>();
        env.put("cores", Runtime.getRuntime().availableProcessors());
        env.put("cpu", cpuModel());
        env.put("jdk", System.getProperty("java.vm.vendor") + " " + System.getProperty("java.vm.name") + " "
                + System.getProperty("java.runtime.version"));
        env.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        env.put("maxHeapMiB", Runtime.getRuntime().maxMemory() / (1024 * 1024));
        env.put("gc", String.join(", ", ManagementFactory.getGarbageCollectorMXBeans().stream().map(b -> b.getName()).toList()));
        env.put("jvmArgs", String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
        env.put("note", "load generator, API server (Spring WebFlux + R2DBC), PostgreSQL and the 3 anvil rollups "
                + "all share the same " + Runtime.getRuntime().availableProcessors() + " cores over loopback");
        return env;
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name")).findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown");
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    static double ms(Histogram h, double percentile) {
        return h.getValueAtPercentile(percentile) / 1000.0;
    }

    static boolean meetsTarget(PhaseResult r) {
        return r.errors() == 0 && r.throughputPerSecond() >= TARGET_RATE && ms(r.latencyMicros(), 99) <= TARGET_P99_MS;
    }

    static String summaryLine(PhaseResult r) {
        Histogram h = r.latencyMicros();
        return String.format(Locale.ROOT,
                "concurrency %d%s: %,d requests in %.2f s -> %.0f intents/s; p50 %.2f ms, p90 %.2f, p99 %.2f, p99.9 %.2f, max %.2f; errors %d %s",
                r.concurrency(), r.offeredRate() > 0 ? " @ " + r.offeredRate() + "/s offered" : "", r.requests(),
                r.elapsedNanos() / 1e9, r.throughputPerSecond(), ms(h, 50), ms(h, 90), ms(h, 99), ms(h, 99.9),
                h.getMaxValue() / 1000.0, r.errors(), r.statusCounts()) + "\n  cpu: " + r.cpu();
    }

    void write(Path dir, Map<String, Object> parameters, List<PhaseResult> runs) throws IOException {
        Files.createDirectories(dir);
        String date = LocalDate.now(ZoneOffset.UTC).toString();
        Path md = dir.resolve("intake-" + date + ".md");
        Path js = dir.resolve("intake-" + date + ".json");
        String started = Instant.now().toString();
        Map<String, Object> env = environment();

        StringBuilder sb = new StringBuilder();
        if (!Files.exists(md)) {
            sb.append("# Intake benchmark, ").append(date).append("\n\n")
              .append("`POST /v1/intents` with pre-signed EIP-712 swap intents; execution disabled, so each request is ")
              .append("parsed, schema-checked, signature-verified and persisted to PostgreSQL, then answered 202. ")
              .append("Target: >= ").append((int) TARGET_RATE).append(" intents/s with p99 <= ").append((int) TARGET_P99_MS)
              .append(" ms and no errors.\n\n")
              .append("**Caveat:** the load generator and the server (and PostgreSQL, and the anvil rollups) run on the ")
              .append("same machine and share its cores; the numbers are for the whole box, not for the server alone.\n");
        }
        sb.append("\n## Invocation at ").append(started).append("\n\n");
        sb.append("| concurrency | offered rate | requests | duration (s) | intents/s | p50 (ms) | p90 (ms) | p99 (ms) | p99.9 (ms) | max (ms) | errors | target met | box CPU busy | bench JVM CPU | other CPU | GC (count / ms) | CPU by process (% of all cores) |\n");
        sb.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|:---:|---:|---:|---:|---:|:---|\n");
        for (PhaseResult r : runs) {
            Histogram h = r.latencyMicros();
            sb.append(String.format(Locale.ROOT, "| %d | %s | %d | %.2f | %.0f | %.2f | %.2f | %.2f | %.2f | %.2f | %d | %s | %.0f%% | %.0f%% | %.0f%% | %d / %d | %s |%n",
                    r.concurrency(), r.offeredRate() > 0 ? r.offeredRate() + "/s" : "closed loop", r.requests(),
                    r.elapsedNanos() / 1e9, r.throughputPerSecond(), ms(h, 50), ms(h, 90), ms(h, 99), ms(h, 99.9),
                    h.getMaxValue() / 1000.0, r.errors(), meetsTarget(r) ? "yes" : "no",
                    r.cpu().boxBusyPercent(), r.cpu().benchJvmPercent(), r.cpu().otherPercent(),
                    r.cpu().gcCollections(), r.cpu().gcMillis(),
                    r.cpu().byProcessText() + (r.cpu().disturbed() ? " **(disturbed: another process competed for the cores)**" : "")));
        }
        sb.append("\nCPU columns: percent of all cores during the run, from /proc/stat and the JVM's process CPU time. ")
          .append("\"bench JVM\" is load generator + API server together; \"other\" is PostgreSQL, the anvil nodes and ")
          .append("anything else on the machine. A run marked *disturbed* shared the cores with an unrelated process ")
          .append("(e.g. another build) and understates what the box can do.\n");
        sb.append("\nPer-second timeline (second: answers / p99 ms / max ms):\n\n");
        for (PhaseResult r : runs) {
            sb.append("- concurrency ").append(r.concurrency()).append(r.offeredRate() > 0 ? " @ " + r.offeredRate() + "/s" : "").append(": ");
            sb.append(String.join(", ", r.timeline().stream().map(t -> String.format(Locale.ROOT, "%d: %d/%.0f/%.0f",
                    t.second(), t.completed(), t.p99Millis(), t.maxMillis())).toList())).append('\n');
        }
        for (PhaseResult r : runs) {
            if (r.errors() > 0) {
                sb.append("\nErrors at concurrency ").append(r.concurrency()).append(": status counts ")
                  .append(r.statusCounts()).append("; first answer per status: ").append(r.errorSamples()).append('\n');
            }
        }
        sb.append("\nParameters:\n\n");
        parameters.forEach((k, v) -> sb.append("- ").append(k).append(": ").append(v).append('\n'));
        sb.append("\nEnvironment:\n\n");
        env.forEach((k, v) -> sb.append("- ").append(k).append(": ").append(v).append('\n'));
        Files.writeString(md, sb.toString(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);

        ObjectNode root = Files.exists(js) ? (ObjectNode) json.readTree(js.toFile()) : json.createObjectNode();
        ArrayNode invocations = root.has("invocations") ? (ArrayNode) root.get("invocations") : root.putArray("invocations");
        root.put("benchmark", "intake");
        root.put("date", date);
        ObjectNode inv = invocations.addObject();
        inv.put("startedAt", started);
        inv.set("parameters", json.valueToTree(parameters));
        inv.set("environment", json.valueToTree(env));
        ArrayNode out = inv.putArray("runs");
        for (PhaseResult r : runs) {
            Histogram h = r.latencyMicros();
            ObjectNode n = out.addObject();
            n.put("concurrency", r.concurrency());
            n.put("offeredRatePerSecond", r.offeredRate());
            n.put("requests", r.requests());
            n.put("durationSeconds", r.elapsedNanos() / 1e9);
            n.put("intentsPerSecond", Math.round(r.throughputPerSecond()));
            ObjectNode lat = n.putObject("latencyMillis");
            lat.put("p50", ms(h, 50));
            lat.put("p90", ms(h, 90));
            lat.put("p99", ms(h, 99));
            lat.put("p99_9", ms(h, 99.9));
            lat.put("max", h.getMaxValue() / 1000.0);
            lat.put("mean", h.getMean() / 1000.0);
            n.put("accepted", r.accepted());
            n.put("errors", r.errors());
            n.set("statusCounts", json.valueToTree(r.statusCounts()));
            n.set("errorSamples", json.valueToTree(r.errorSamples()));
            n.put("targetMet", meetsTarget(r));
            n.put("disturbed", r.cpu().disturbed());
            n.set("timeline", json.valueToTree(r.timeline()));
            n.set("cpu", json.valueToTree(r.cpu()));
        }
        json.writeValue(js.toFile(), root);
        System.out.println("results written to " + md.toAbsolutePath() + " and " + js.toAbsolutePath());
    }
}
