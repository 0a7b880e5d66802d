package io.metaroute.api.rfq;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The example market maker {@code examples/market-maker.mjs}, run by node as a process of its own. */
final class MakerBot implements AutoCloseable {
    private static final Path EXAMPLES = Path.of("..", "examples").toAbsolutePath().normalize();
    private final Process process;
    private final Path log;

    private MakerBot(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts the bot against {@code api} with {@code env} settings; waits until it has had {@code accepted} quotes. */
    static MakerBot start(String api, Map<String, String> env, int accepted) throws Exception {
        if (!Files.isDirectory(EXAMPLES.resolve("node_modules").resolve("ethers"))) {
            throw new AssertionError("run `npm --prefix examples ci` first: the example bot needs ethers and ws");
        }
        Files.createDirectories(Path.of("target"));
        Path log = Path.of("target", "market-maker-" + System.nanoTime() + ".log").toAbsolutePath();
        var builder = new ProcessBuilder(List.of("node", EXAMPLES.resolve("market-maker.mjs").toString(), api))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        var bot = new MakerBot(builder.start(), log);
        bot.await("accepted venue", accepted, Duration.ofSeconds(60));
        return bot;
    }

    /** Waits until {@code count} lines of the bot's output contain {@code text}. */
    void await(String text, int count, Duration within) throws Exception {
        long until = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < until) {
            if (lines(text).size() >= count) {
                return;
            }
            if (!process.isAlive()) {
                throw new AssertionError("the market maker exited with " + process.exitValue() + ":\n" + output());
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the market maker did not print " + count + " x '" + text + "' within " + within + ":\n" + output());
    }

    List<String> lines(String text) throws Exception {
        var found = new ArrayList<String>();
        for (String line : output().split("\n")) {
            if (line.contains(text)) {
                found.add(line);
            }
        }
        return found;
    }

    String output() throws Exception {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
