package io.metaroute.api.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaroute.api.problem.ApiProblem;
import io.metaroute.api.problem.ErrorKind;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

class StrictTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    private static void refused(Runnable parse, ErrorKind kind, String field) {
        assertThatThrownBy(parse::run).isInstanceOfSatisfying(ApiProblem.class, p -> {
            assertThat(p.kind()).isEqualTo(kind);
            assertThat(p.field()).isEqualTo(field);
        });
    }

    @Test
    void amountsAreDecimalDigitStringsOnly() throws Exception {
        assertThat(Strict.amount(json("\"1000\""), "amountIn")).isEqualTo(BigInteger.valueOf(1000));
        assertThat(Strict.amount(json("\"" + BigInteger.TWO.pow(256).subtract(BigInteger.ONE) + "\""), "amountIn")).isNotNull();
        for (String bad : List.of("\"0x12\"", "\"1.5\"", "\"\"", "\" 12\"", "\"+12\"", "\"-1\"", "\"1e3\"", "12", "1.5", "true", "\"0\"",
                "\"" + BigInteger.TWO.pow(256) + "\"")) {
            JsonNode v = json(bad);
            refused(() -> Strict.amount(v, "amountIn"), ErrorKind.INVALID_AMOUNT, "amountIn");
        }
        refused(() -> Strict.amount((JsonNode) null, "amountIn"), ErrorKind.MISSING_FIELD, "amountIn");
        refused(() -> Strict.uint(JSON.nullNode(), "nonce", ErrorKind.INVALID_FIELD), ErrorKind.MISSING_FIELD, "nonce");
    }

    @Test
    void integersAreJsonIntegers() throws Exception {
        assertThat(Strict.integer(json("50"), "slippageBps")).isEqualTo(50);
        for (String bad : List.of("1.5", "50.0", "\"50\"", "\"\"", "1e400", "99999999999999999999")) {
            JsonNode v = json(bad);
            refused(() -> Strict.integer(v, "slippageBps"), ErrorKind.INVALID_FIELD, "slippageBps");
        }
    }

    @Test
    void mixedCaseAddressesMustCarryTheirChecksum() {
        String good = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
        assertThat(Strict.address(good, "user").checksummed()).isEqualTo(good);
        assertThat(Strict.address(good.toLowerCase(), "user").checksummed()).isEqualTo(good);
        assertThat(Strict.address("0x" + good.substring(2).toUpperCase(), "user").checksummed()).isEqualTo(good);
        refused(() -> Strict.address("0x3c44CdDdB6a900fa2b585dd299e03d12FA4293BC", "user"), ErrorKind.INVALID_ADDRESS, "user");
        refused(() -> Strict.address("0x1234", "user"), ErrorKind.INVALID_ADDRESS, "user");
        refused(() -> Strict.address("", "user"), ErrorKind.INVALID_ADDRESS, "user");
    }

    @Test
    void unknownFieldsAreNamed() throws Exception {
        JsonNode message = json("{\"amountIn\":\"1\",\"slipageBps\":5}");
        refused(() -> Strict.onlyFields(message, List.of("amountIn", "slippageBps"), "typedData.message"),
                ErrorKind.UNKNOWN_FIELD, "typedData.message.slipageBps");
    }
}
