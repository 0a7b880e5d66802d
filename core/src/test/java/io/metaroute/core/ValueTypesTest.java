package io.metaroute.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.ChainId;
import io.metaroute.core.chain.Domain;
import io.metaroute.core.chain.InvalidValueException;
import io.metaroute.core.pool.UniswapV2Math;
import io.metaroute.core.token.Token;
import io.metaroute.core.token.TokenAmount;
import io.metaroute.core.token.Uint256;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class ValueTypesTest {

    @Test
    void addressesAreNormalisedAndBadOnesRefused() {
        assertThat(Address.of("0xAbCdEf0000000000000000000000000000000001").hex())
                .isEqualTo("0xabcdef0000000000000000000000000000000001");
        assertThatThrownBy(() -> Address.of("0x1234")).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> Address.of("abcdef0000000000000000000000000000000001")).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> Address.of("0xzzcdef0000000000000000000000000000000001")).isInstanceOf(InvalidValueException.class);
    }

    @Test
    void chainAndDomainIdsAreChecked() {
        assertThatThrownBy(() -> ChainId.of(0)).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> Domain.of(-1)).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> Domain.of(1L << 32)).isInstanceOf(InvalidValueException.class);
        assertThat(Domain.of(0xFFFF_FFFFL).value()).isEqualTo(4294967295L);
    }

    @Test
    void amountsAreUnsigned256BitIntegers() {
        assertThat(Uint256.parse("amountIn", "1000")).isEqualTo(BigInteger.valueOf(1000));
        assertThat(Uint256.parse("amountIn", "0x3e8")).isEqualTo(BigInteger.valueOf(1000));
        assertThat(Uint256.parse("amountIn", Uint256.MAX.toString())).isEqualTo(Uint256.MAX);
        assertThatThrownBy(() -> Uint256.parse("amountIn", Uint256.MAX.add(BigInteger.ONE).toString()))
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("uint256");
        assertThatThrownBy(() -> Uint256.parse("amountIn", "-5")).hasMessageContaining("negative");
        assertThatThrownBy(() -> Uint256.parse("amountIn", "1.5")).hasMessageContaining("integer");
        assertThatThrownBy(() -> Uint256.requirePositive("amountIn", BigInteger.ZERO)).hasMessageContaining("greater than zero");
        var usdc = new Token(ChainId.of(1), Address.ZERO, "USDC", 6);
        assertThat(new TokenAmount(usdc, BigInteger.valueOf(1_500_000)).toDecimal().toPlainString()).isEqualTo("1.500000");
        assertThatThrownBy(() -> new TokenAmount(usdc, BigInteger.valueOf(-1))).isInstanceOf(InvalidValueException.class);
    }

    @Test
    void uniswapV2OutputMatchesTheReferenceFormulaOnKnownNumbers() {
        // 1 WETH into a 100 WETH / 300,000 USDC pool: 997e18*300000e6 / (100e18*1000 + 997e18)
        BigInteger out = UniswapV2Math.amountOut(BigInteger.TEN.pow(18), BigInteger.TEN.pow(20),
                BigInteger.valueOf(300_000).multiply(BigInteger.TEN.pow(6)));
        assertThat(out).isEqualTo(new BigInteger("2961474103"));
        assertThat(UniswapV2Math.amountOut(BigInteger.ZERO, BigInteger.TEN, BigInteger.TEN)).isZero();
    }
}
