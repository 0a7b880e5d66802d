package io.metaroute.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.ChainId;
import io.metaroute.core.intent.IntentTypedData;
import io.metaroute.core.intent.SigningDomain;
import io.metaroute.core.intent.SwapIntent;
import io.metaroute.core.network.Rollup;
import io.metaroute.devnet.DevAccount;
import io.metaroute.devnet.NetworkFile;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Hash;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.DefaultBlockParameterNumber;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.http.HttpService;

/**
 * The zero-configuration main job, run as a separate process on its own data directory, is killed
 * with {@code kill -9} while intents are in flight. Within seconds none of its processes (anvil
 * nodes, their watchdogs, the embedded PostgreSQL) is left; started again on the same directory
 * it resumes the same chains and database and fills every intent, each exactly once on chain.
 */
class CrashRestartTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SERVING = Pattern.compile("Metaroute is serving on http://127\\.0\\.0\\.1:(\\d+)");
    private static final String INTENT_FILLED = Hash.sha3String(
            "IntentFilled(bytes32,address,address,address,address,uint256,uint256,address)");
    private static final List<String> FINAL = List.of("filled", "rejected", "failed");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<ServiceProcess> started = new ArrayList<>();

    /** One signed intent as posted: its id, wallet, rollup and EIP-712 digest (the settler's intent hash). */
    record Posted(String id, DevAccount wallet, ChainId chain, String digest, SwapIntent intent) {
    }

    /** Waits up to {@code timeout} for every process to be gone, then asserts that none is left. */
    private static void assertGoneWithin(List<ProcessHandle> processes, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (processes.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(processes.stream().filter(ProcessHandle::isAlive).map(p -> p.pid() + " " + p.info().commandLine().orElse("?")))
                .as(what).isEmpty();
    }

    @AfterEach
    void stopEverything() {
        started.forEach(ServiceProcess::stop);
    }

    @Test
    @Timeout(240)
    void killedWithIntentsInFlightItLeavesNoProcessAndFillsEveryIntentOnceAfterARestart(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("data");
        ServiceProcess first = start(dir, "first");
        NetworkFile.Contents network = NetworkFile.read(dir.resolve("devnet").resolve("network.json"));
        List<DevAccount> wallets = network.devAccounts().stream().filter(a -> a.role().equals(DevAccount.WALLET)).toList();
        // veil (1 s blocks) and ledger (2 s blocks): a fill takes at least a block, so intents are still in flight at the kill
        List<Rollup> slow = network.network().rollups().stream().filter(r -> !r.name().equals("ember")).toList();
        Map<String, BigInteger> wethBefore = new HashMap<>();
        var bodies = new ArrayList<Map<String, Object>>();
        var signed = new ArrayList<Posted>();
        for (Rollup r : slow) {
            for (DevAccount w : wallets) {
                wethBefore.put(key(w, r.chainId()), weth(r, w));
                JsonNode quote = post(first, "/v1/quotes", Map.of("chainId", r.chainId().value(), "tokenIn", "USDC",
                        "tokenOut", "WETH", "amountIn", "250000000", "slippageBps", 100, "user", w.address().hex()), 200);
                JsonNode typed = quote.get("typedData");
                bodies.add(ApiTestBase.signTyped(typed, w));
                signed.add(new Posted(null, w, r.chainId(), digest(typed), intentOf(typed)));
            }
        }
        var posted = new ArrayList<Posted>();
        for (int i = 0; i < bodies.size(); i++) {
            JsonNode accepted = post(first, "/v1/intents", bodies.get(i), 202);
            Posted s = signed.get(i);
            posted.add(new Posted(accepted.get("id").asText(), s.wallet(), s.chain(), s.digest(), s.intent()));
        }
        List<ProcessHandle> processes = first.processTree();
        assertThat(processes).as("the job's nodes, watchdogs and database processes").hasSizeGreaterThanOrEqualTo(7);
        // kill as soon as a fill transaction is signed and stored (and perhaps sent): the case where
        // only the chain knows whether it happened
        Map<String, String> atKill = statuses(first, posted);
        long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!atKill.containsValue("submitted") && System.nanoTime() < until) {
            atKill = statuses(first, posted);
        }

        first.kill9();

        assertThat(atKill).as("statuses when the job was killed").containsValue("submitted");
        assertThat(atKill.values().stream().filter(s -> !FINAL.contains(s)).count())
                .as("intents not yet decided when the job was killed: %s", atKill).isPositive();
        assertGoneWithin(processes, Duration.ofSeconds(10), "processes of the killed job still alive 10 s later");

        ServiceProcess second = start(dir, "second");
        assertThat(second.log()).contains("(resumed:");
        NetworkFile.Contents resumed = NetworkFile.read(dir.resolve("devnet").resolve("network.json"));
        for (Rollup r : slow) {
            Rollup again = resumed.network().rollup(r.chainId()).orElseThrow();
            assertThat(again.settler()).isEqualTo(r.settler());
            assertThat(again.pools()).isEqualTo(r.pools());
        }

        var done = new LinkedHashMap<Posted, JsonNode>();
        for (Posted p : posted) {
            done.put(p, awaitFinal(second, p.id()));
        }
        Map<String, BigInteger> paid = new HashMap<>();
        for (var e : done.entrySet()) {
            Posted p = e.getKey();
            JsonNode view = e.getValue();
            assertThat(view.get("status").asText()).as("intent %s: %s", p.id(), view).isEqualTo("filled");
            assertThat(view.get("history")).extracting(h -> h.get("status").asText()).containsOnlyOnce("filled");
            Rollup r = resumed.network().rollup(p.chain()).orElseThrow();
            assertThat(filledEvents(r, p.digest())).as("IntentFilled events of intent %s", p.id()).isEqualTo(1);
            assertThat(nonceUsed(r, p.intent())).as("nonce of intent %s consumed", p.id()).isTrue();
            paid.merge(key(p.wallet(), p.chain()), new BigInteger(view.get("realisedAmountOut").asText()), BigInteger::add);
        }
        for (Rollup r : slow) {
            Rollup again = resumed.network().rollup(r.chainId()).orElseThrow();
            for (DevAccount w : wallets) {
                assertThat(weth(again, w).subtract(wethBefore.get(key(w, r.chainId()))))
                        .as("WETH paid to %s on %s: the sum of its fills, each paid once", w, r.name())
                        .isEqualTo(paid.get(key(w, r.chainId())));
            }
        }
        List<ProcessHandle> secondTree = second.processTree();
        second.stop();
        assertGoneWithin(secondTree, Duration.ofSeconds(30), "processes of the stopped job still alive 30 s after it stopped");

        assertThat(first.log()).as("one line per status change").contains("intent " + posted.getFirst().id() + ": received");
        assertThat(second.log()).containsPattern("resuming \\d+ unfinished intents")
                .contains("intent " + posted.getLast().id() + ": ");
    }

    private ServiceProcess start(Path dir, String label) throws Exception {
        ServiceProcess p = ServiceProcess.start(dir, label);
        started.add(p);
        return p;
    }

    private JsonNode post(ServiceProcess service, String path, Object body, int expected) throws Exception {
        var request = HttpRequest.newBuilder(service.uri(path)).timeout(Duration.ofSeconds(30))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
        var response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("POST %s: %s", path, response.body()).isEqualTo(expected);
        return JSON.readTree(response.body());
    }

    private JsonNode get(ServiceProcess service, String path) throws Exception {
        var response = http.send(HttpRequest.newBuilder(service.uri(path)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private Map<String, String> statuses(ServiceProcess service, List<Posted> posted) throws Exception {
        var statuses = new LinkedHashMap<String, String>();
        for (Posted p : posted) {
            statuses.put(p.id(), get(service, "/v1/intents/" + p.id()).get("status").asText());
        }
        return statuses;
    }

    private JsonNode awaitFinal(ServiceProcess service, String id) throws Exception {
        long until = System.nanoTime() + Duration.ofSeconds(45).toNanos();
        JsonNode last = null;
        while (System.nanoTime() < until) {
            last = get(service, "/v1/intents/" + id);
            if (FINAL.contains(last.get("status").asText())) {
                return last;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("intent " + id + " not decided 45 s after the restart: " + last + "\n" + service.logTail());
    }

    private static String key(DevAccount w, ChainId chain) {
        return w.address().hex() + "@" + chain.value();
    }

    private static SwapIntent intentOf(JsonNode typed) {
        var m = typed.get("message");
        return new SwapIntent(Address.of(m.get("user").asText()), Address.of(m.get("recipient").asText()),
                new BigInteger(m.get("nonce").asText()), ChainId.of(m.get("originChainId").asLong()),
                ChainId.of(m.get("destinationChainId").asLong()), Address.of(m.get("tokenIn").asText()),
                new BigInteger(m.get("amountIn").asText()), Address.of(m.get("tokenOut").asText()),
                new BigInteger(m.get("minAmountOut").asText()), m.get("deadline").asLong());
    }

    private static String digest(JsonNode typed) {
        var d = typed.get("domain");
        var domain = SigningDomain.of(ChainId.of(d.get("chainId").asLong()), Address.of(d.get("verifyingContract").asText()));
        return org.web3j.utils.Numeric.toHexString(IntentTypedData.digest(domain, intentOf(typed)));
    }

    private static BigInteger weth(Rollup r, DevAccount w) throws IOException {
        var balanceOf = new Function("balanceOf", List.of(new org.web3j.abi.datatypes.Address(w.address().hex())),
                List.of(new TypeReference<Uint256>() { }));
        return (BigInteger) call(r, r.tokenBySymbol("WETH").orElseThrow().address(), balanceOf).getFirst().getValue();
    }

    private static boolean nonceUsed(Rollup r, SwapIntent intent) throws IOException {
        var used = new Function("nonceUsed", List.of(new org.web3j.abi.datatypes.Address(intent.user().hex()),
                new Uint256(intent.nonce())), List.of(new TypeReference<Bool>() { }));
        return (Boolean) call(r, r.settler(), used).getFirst().getValue();
    }

    @SuppressWarnings("rawtypes")
    private static List<org.web3j.abi.datatypes.Type> call(Rollup r, Address to, Function f) throws IOException {
        Web3j web3j = Web3j.build(new HttpService(r.rpcUrl().toString()));
        try {
            var result = web3j.ethCall(Transaction.createEthCallTransaction(null, to.hex(), FunctionEncoder.encode(f)),
                    DefaultBlockParameterName.LATEST).send();
            assertThat(result.hasError()).as("eth_call on %s", r.name()).isFalse();
            return FunctionReturnDecoder.decode(result.getValue(), f.getOutputParameters());
        } finally {
            web3j.shutdown();
        }
    }

    private static long filledEvents(Rollup r, String digest) throws IOException {
        Web3j web3j = Web3j.build(new HttpService(r.rpcUrl().toString()));
        try {
            var filter = new EthFilter(new DefaultBlockParameterNumber(0), DefaultBlockParameterName.LATEST, r.settler().hex())
                    .addSingleTopic(INTENT_FILLED).addSingleTopic(digest);
            var logs = web3j.ethGetLogs(filter).send();
            assertThat(logs.hasError()).as("eth_getLogs on %s", r.name()).isFalse();
            return logs.getLogs().size();
        } finally {
            web3j.shutdown();
        }
    }

    /** The main job in a JVM of its own, on the test classpath, with nothing configured but its data directory. */
    static final class ServiceProcess {
        private final Process process;
        private final Path log;
        private final int port;
        private final Path dataDir;

        private ServiceProcess(Process process, Path log, int port, Path dataDir) {
            this.process = process;
            this.log = log;
            this.port = port;
            this.dataDir = dataDir;
        }

        static ServiceProcess start(Path dataDir, String label, String... properties) throws Exception {
            Files.createDirectories(Path.of("target"));
            Path log = Path.of("target", "crash-restart-" + label + ".log").toAbsolutePath();
            String java = ProcessHandle.current().info().command().orElse("java");
            var command = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "--enable-native-access=ALL-UNNAMED",
                    "-cp", System.getProperty("java.class.path"), "io.metaroute.api.MetarouteApplication",
                    "--metaroute.data-dir=" + dataDir, "--server.port=0", "--metaroute.feeds.resync-every=2s",
                    "--metaroute.cross.reconcile-every=1s"));
            command.addAll(List.of(properties));
            var builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().remove("PORT");
            builder.environment().remove("SPRING_R2DBC_URL");
            builder.environment().remove("METAROUTE_NETWORK_FILE");
            Process process = builder.start();
            long until = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (System.nanoTime() < until) {
                if (Files.exists(log)) {
                    Matcher m = SERVING.matcher(Files.readString(log));
                    if (m.find()) {
                        return new ServiceProcess(process, log, Integer.parseInt(m.group(1)), dataDir);
                    }
                }
                if (!process.isAlive()) {
                    throw new AssertionError("the " + label + " job exited with " + process.exitValue() + ":\n" + tail(log));
                }
                Thread.sleep(100);
            }
            process.destroyForcibly();
            throw new AssertionError("the " + label + " job did not serve within 90 s:\n" + tail(log));
        }

        URI uri(String path) {
            return URI.create("http://127.0.0.1:" + port + path);
        }

        /** The JVM, everything it started, and the embedded PostgreSQL (a daemon of pg_ctl, not a descendant). */
        List<ProcessHandle> processTree() throws IOException {
            var all = new ArrayList<ProcessHandle>();
            all.add(process.toHandle());
            process.descendants().forEach(all::add);
            Path pid = dataDir.resolve("postgres").resolve("postmaster.pid");
            Optional<ProcessHandle> postmaster = ProcessHandle.of(Long.parseLong(Files.readAllLines(pid).getFirst().trim()));
            postmaster.ifPresent(pm -> Stream.concat(Stream.of(pm), pm.descendants()).forEach(all::add));
            assertThat(postmaster).as("the embedded PostgreSQL runs").isPresent();
            return all;
        }

        void kill9() throws Exception {
            assertThat(new ProcessBuilder("kill", "-9", Long.toString(process.pid())).start().waitFor()).isZero();
            process.waitFor();
        }

        String log() throws IOException {
            return Files.readString(log);
        }

        String logTail() {
            return tail(log);
        }

        /** Stops the job and waits for its database too, so the data directory can be deleted after. */
        void stop() {
            if (process.isAlive()) {
                var descendants = process.descendants().toList();
                Optional<ProcessHandle> postmaster = postmaster();
                process.destroy();
                try {
                    // a stopped job drains requests for up to 10 s, then closes its chains and database
                    if (!process.waitFor(40, java.util.concurrent.TimeUnit.SECONDS)) {
                        process.destroyForcibly();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                descendants.forEach(ProcessHandle::destroyForcibly);
                postmaster.ifPresent(pm -> pm.onExit().completeOnTimeout(pm, 15, java.util.concurrent.TimeUnit.SECONDS).join());
            }
        }

        private Optional<ProcessHandle> postmaster() {
            try {
                Path pid = dataDir.resolve("postgres").resolve("postmaster.pid");
                return ProcessHandle.of(Long.parseLong(Files.readAllLines(pid).getFirst().trim()));
            } catch (IOException | RuntimeException e) {
                return Optional.empty();
            }
        }

        private static String tail(Path log) {
            try {
                var lines = Files.readAllLines(log);
                return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
            } catch (IOException e) {
                return "(no log: " + e.getMessage() + ")";
            }
        }
    }
}
