package io.metaroute.solver.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaroute.solver.cli.Solve;
import io.metaroute.solver.cli.SnapshotFile;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SolveCommandTest {
    static final String A = "0x0000000000000000000000000000000000000001";
    static final String B = "0x0000000000000000000000000000000000000002";
    static final String SNAPSHOT = """
            {"version":42,"takenAt":"2026-11-24T12:00:00Z","pools":[
              {"chainId":710001,"address":"0x00000000000000000000000000000000000000aa","token0":"%s","token1":"%s",
               "reserve0":"1000000000","reserve1":"2000000000000000000000","block":9}]}""".formatted(A, B);

    @Test
    void replaysIntentsAgainstASnapshotFileWithExactAmounts() throws Exception {
        var snapshot = SnapshotFile.parse(SNAPSHOT);
        assertThat(snapshot.version()).isEqualTo(42);
        String intents = """
                [{"chainId":710001,"tokenIn":"%s","tokenOut":"%s","amountIn":"5000000"},
                 {"chainId":710001,"tokenIn":"%s","tokenOut":"%s","amountIn":"5000000","minAmountOut":"99999999999999999999"},
                 {"chainId":710002,"tokenIn":"%s","tokenOut":"%s","amountIn":"5000000"}]""".formatted(A, B, A, B, A, B);
        var buffer = new ByteArrayOutputStream();
        int failures = Solve.run(snapshot, intents, new PrintStream(buffer, true, StandardCharsets.UTF_8));
        String out = buffer.toString(StandardCharsets.UTF_8);

        // 5e6 in, reserves 1e9 / 2e21: 5e6*997*2e21 / (1e9*1000 + 5e6*997), written out independently
        BigInteger expected = BigInteger.valueOf(5_000_000L * 997).multiply(new BigInteger("2000000000000000000000"))
                .divide(BigInteger.valueOf(1_000_000_000L * 1000 + 5_000_000L * 997));
        assertThat(out).contains("snapshot v42", "expected out " + expected, "no route (bound_unreachable)", "no route (no_path)");
        assertThat(failures).isEqualTo(2);
    }

    @Test
    void jsonModeAnswersEveryIntentAndExitsZeroWhenItRan(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        var snapshot = java.nio.file.Files.writeString(dir.resolve("s.json"), SNAPSHOT);
        var intents = java.nio.file.Files.writeString(dir.resolve("i.json"), """
                [{"chainId":710001,"tokenIn":"%s","tokenOut":"%s","amountIn":"5000000"},
                 {"chainId":710001,"tokenIn":"%s","tokenOut":"%s","amountIn":"5000000"},
                 {"chainId":710001,"tokenIn":"%s","tokenOut":"%s","amountIn":"-1"},
                 {"chainId":710001,"tokenIn":"%s","tokenOut":"%s","amountIn":"1"}]""".formatted(A, B, A, A, A, B, B, A));
        var buffer = new ByteArrayOutputStream();
        var errors = new ByteArrayOutputStream();
        int code = Solve.execute(new String[] {"--json", "--max-legs", "0", snapshot.toString(), intents.toString()},
                new PrintStream(buffer, true, StandardCharsets.UTF_8), new PrintStream(errors, true, StandardCharsets.UTF_8));
        assertThat(code).isZero();
        var lines = buffer.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(4);
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        var first = mapper.readTree(lines.get(0));
        assertThat(first.path("status").asText()).isEqualTo("routed");
        assertThat(first.path("certificate").path("holds").asBoolean()).isTrue();
        assertThat(first.path("legs").size()).isEqualTo(1);
        assertThat(first.path("solveMicros").asLong()).isPositive();
        // Same token and a negative amount are refused per intent; the others still run.
        assertThat(mapper.readTree(lines.get(1)).path("status").asText()).isEqualTo("refused");
        assertThat(mapper.readTree(lines.get(2)).path("error").asText()).contains("amountIn");
        // One wei of B buys no base unit of A: an answer, not an error.
        assertThat(mapper.readTree(lines.get(3)).path("status").asText()).isEqualTo("no_route");
    }

    @Test
    void unreadableInputExitsTwoAndASnapshotWithDuplicatePoolsIsRefusedNamingTheField(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        var err = new ByteArrayOutputStream();
        var out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertThat(Solve.execute(new String[] {"--max-legs"}, out, new PrintStream(err, true, StandardCharsets.UTF_8))).isEqualTo(2);
        assertThat(Solve.execute(new String[] {dir.resolve("missing.json").toString(), dir.resolve("x.json").toString()}, out,
                new PrintStream(err, true, StandardCharsets.UTF_8))).isEqualTo(2);
        String pool = """
                {"chainId":710001,"address":"0x00000000000000000000000000000000000000aa","token0":"%s","token1":"%s",
                 "reserve0":"1000","reserve1":"2000","block":9}""";
        String twice = "{\"version\":1,\"pools\":[" + pool.formatted(A, B) + "," + pool.formatted(A, B) + "]}";
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SnapshotFile.parse(twice))
                .hasMessageContaining("pools[1].address");
        String unordered = "{\"version\":1,\"pools\":[" + pool.formatted(B, A) + "]}";
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SnapshotFile.parse(unordered))
                .hasMessageContaining("pools[0].token1");
    }
}
