package io.metaroute.devnet;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One running anvil node. Started on {@code --port 0}; the port is read from its
 * {@code Listening on 127.0.0.1:<port>} line and the dev keys from its banner. Its output is drained
 * by a daemon thread for as long as it lives, so the pipe never fills up.
 *
 * <p>anvil runs under a small {@code sh} watchdog that reads the pipe on its standard input: the
 * pipe ends when this JVM closes it or dies, however it dies ({@code kill -9} included), and the
 * watchdog then interrupts anvil, which dumps its {@code --state} (if any) and exits. So no node
 * outlives the process that started it.
 */
final class AnvilProcess implements AutoCloseable {
    static final String NPM_HINT = "run `npm install` in the contracts module (or `./mvnw -pl contracts install`), "
            + "set METAROUTE_ANVIL, or put anvil on the PATH";
    private static final String NPM_BINARY = "node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil";
    private static final Pattern LISTENING = Pattern.compile("Listening on ([0-9.]+):(\\d+)");
    private static final Pattern KEY = Pattern.compile("^\\((\\d+)\\) (0x[0-9a-fA-F]{64})\\s*$");
    private static final int LOG_TAIL = 200;
    /**
     * {@code sh -c WATCHDOG sh anvil args...}: starts anvil in the background, waits in a subshell
     * for end-of-file on the owner's pipe (fd 3, a copy of stdin: a background job's own stdin would
     * be /dev/null), then sends anvil SIGINT (graceful: it dumps its state) and exits with its status.
     */
    static final String WATCHDOG = String.join("\n",
            "exec 3<&0 0</dev/null",
            "\"$@\" 3<&- &",
            "child=$!",
            "( while read -r _ <&3; do :; done; kill -INT \"$child\" 2>/dev/null ) &",
            "watcher=$!",
            "exec 3<&-",
            "trap 'kill -INT \"$child\" 2>/dev/null' INT TERM HUP",
            "wait \"$child\"; status=$?",
            "while kill -0 \"$child\" 2>/dev/null; do wait \"$child\"; status=$?; done",
            "kill \"$watcher\" 2>/dev/null",
            "exit \"$status\"");

    private final Process process;
    private final String host;
    private final int port;
    private final List<String> privateKeys;
    private final Path binary;
    private final List<String> args;
    private final String label;

    private AnvilProcess(Process process, String host, int port, List<String> privateKeys, Path binary, List<String> args,
                         String label) {
        this.process = process;
        this.host = host;
        this.port = port;
        this.privateKeys = privateKeys;
        this.binary = binary;
        this.args = List.copyOf(args);
        this.label = label;
    }

    /**
     * A new node with the same arguments on the same port, once this one has stopped: clients keep
     * their URLs. With {@code --state} among the arguments the chain comes back from its file;
     * without, the new node starts from an empty chain.
     */
    AnvilProcess startAgain() {
        if (process.isAlive()) {
            throw new IllegalStateException("anvil " + label + " is still running on port " + port);
        }
        var again = new ArrayList<String>(args);
        int at = again.indexOf("--port");
        if (at < 0 || at + 1 >= again.size()) {
            again.addAll(List.of("--port", Integer.toString(port)));
        } else {
            again.set(at + 1, Integer.toString(port));
        }
        return start(binary, again, label);
    }

    /** Whether the node's process is still running. */
    boolean alive() {
        return process.isAlive();
    }

    static AnvilProcess start(Path anvil, List<String> args, String label) {
        var command = new ArrayList<String>(List.of("sh", "-c", WATCHDOG, "sh"));
        command.add(anvil.toString());
        command.addAll(args);
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new DevnetException("could not start anvil at " + anvil + " (" + e.getMessage() + "); " + NPM_HINT, e);
        }
        var ready = new CompletableFuture<int[]>();
        var keys = new TreeMap<Integer, String>();
        var tail = Collections.synchronizedList(new ArrayList<String>());
        Thread drainer = new Thread(() -> drain(process, ready, keys, tail), "anvil-" + label);
        drainer.setDaemon(true);
        drainer.start();
        try {
            int[] found = ready.get(20, TimeUnit.SECONDS);
            List<String> privateKeys;
            synchronized (keys) {
                privateKeys = List.copyOf(keys.values());
            }
            return new AnvilProcess(process, "127.0.0.1", found[0], privateKeys, anvil, args, label);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill(process);
            throw new DevnetException("interrupted while starting anvil " + label, e);
        } catch (ExecutionException | TimeoutException e) {
            kill(process);
            String output;
            synchronized (tail) {
                output = String.join("\n", tail);
            }
            throw new DevnetException("anvil " + label + " did not start: " + e.getMessage() + "\n" + command + "\n" + output, e);
        }
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private static void drain(Process process, CompletableFuture<int[]> ready, Map<Integer, String> keys, List<String> tail) {
        boolean inKeys = false;
        try (var in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (!ready.isDone()) {
                    tail.add(line);
                    if (tail.size() > LOG_TAIL) {
                        tail.remove(0);
                    }
                    if (line.startsWith("Private Keys")) {
                        inKeys = true;
                    } else if (line.startsWith("Wallet") || line.startsWith("Chain ID")) {
                        inKeys = false;
                    }
                    Matcher key = KEY.matcher(line.trim());
                    if (inKeys && key.matches()) {
                        synchronized (keys) {
                            keys.put(Integer.parseInt(key.group(1)), key.group(2));
                        }
                    }
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        ready.complete(new int[] {Integer.parseInt(m.group(2))});
                    }
                }
                // after start-up: keep reading (and dropping) so anvil never blocks on a full pipe
            }
        } catch (IOException e) {
            // the process went away; nothing to drain
        } finally {
            ready.completeExceptionally(new IllegalStateException("anvil exited before listening"));
        }
    }

    /**
     * anvil binary: explicit override, else METAROUTE_ANVIL, else npm-installed upward from the
     * working dir or from where this code was loaded (a jar in api/target finds the repo's), else PATH.
     */
    static Path locate(Path override) {
        if (override != null) {
            return requireExecutable(override, "DevnetConfig.anvilPath");
        }
        String env = System.getenv("METAROUTE_ANVIL");
        if (env != null && !env.isBlank()) {
            return requireExecutable(Path.of(env), "METAROUTE_ANVIL");
        }
        for (Path start : searchStarts()) {
            for (Path dir = start; dir != null; dir = dir.getParent()) {
                for (Path candidate : List.of(dir.resolve("contracts").resolve(NPM_BINARY), dir.resolve(NPM_BINARY))) {
                    if (Files.isExecutable(candidate)) {
                        return candidate;
                    }
                }
            }
        }
        String pathVar = System.getenv("PATH");
        if (pathVar != null) {
            for (String dir : pathVar.split(java.io.File.pathSeparator)) {
                if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "anvil"))) {
                    return Path.of(dir, "anvil");
                }
            }
        }
        throw new DevnetException("no anvil binary found: " + NPM_HINT);
    }

    private static List<Path> searchStarts() {
        var starts = new java.util.ArrayList<Path>();
        starts.add(Path.of("").toAbsolutePath());
        try {
            var source = AnvilProcess.class.getProtectionDomain().getCodeSource();
            if (source != null) {
                String location = source.getLocation().toString();
                // inside a Spring Boot jar the location is "jar:nested:/path/app.jar/!BOOT-INF/..."
                int nested = location.indexOf("nested:");
                if (nested >= 0) {
                    location = "file:" + location.substring(nested + "nested:".length(), location.indexOf("!") > 0 ? location.indexOf("!") : location.length());
                }
                starts.add(Path.of(java.net.URI.create(location.replaceFirst("^jar:", "").replaceFirst("/$", ""))).toAbsolutePath());
            }
        } catch (RuntimeException ignored) {
            // an unusual class loader: the working directory and PATH still apply
        }
        return starts;
    }

    private static Path requireExecutable(Path path, String source) {
        if (!Files.isExecutable(path)) {
            throw new DevnetException(source + " points at " + path + ", which is not an executable anvil; " + NPM_HINT);
        }
        return path;
    }

    String rpcUrl() {
        return "http://" + host + ":" + port;
    }

    String wsUrl() {
        return "ws://" + host + ":" + port;
    }

    /** The private keys anvil printed, by account index. */
    List<String> privateKeys() {
        return privateKeys;
    }

    /** The watchdog's and anvil's process ids, while they run. */
    List<Long> pids() {
        var pids = new ArrayList<Long>();
        if (process.isAlive()) {
            pids.add(process.pid());
            process.descendants().forEach(p -> pids.add(p.pid()));
        }
        return pids;
    }

    /** Asks anvil to stop (it dumps its state first) without waiting: closes the watchdog's pipe. */
    void requestStop() {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            process.destroy(); // the watchdog forwards SIGTERM to anvil as SIGINT
        }
    }

    /** Stops anvil gracefully, and forcibly if it has not exited within a few seconds. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        requestStop();
        awaitStop();
    }

    void awaitStop() {
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(3, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
