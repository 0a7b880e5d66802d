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
}
