package io.metaroute.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.ChainId;
import io.metaroute.core.intent.IntentSignature;
import io.metaroute.core.intent.IntentTypedData;
import io.metaroute.core.intent.SignatureRejected;
import io.metaroute.core.intent.SigningDomain;
import io.metaroute.core.intent.SwapIntent;
import java.math.BigInteger;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.crypto.Sign;

class IntentSigningTest {
    static final Credentials WALLET = Credentials.create("0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a");
    static final Address SETTLER = Address.of("0x5FbDB2315678afecb367f032d93F642f64180aa3");
    static final ChainId CHAIN = ChainId.of(710001);
    static final BigInteger N = Sign.CURVE_PARAMS.getN();

    static SwapIntent intent() {
        var user = Address.of(WALLET.getAddress());
        return new SwapIntent(user, user, BigInteger.valueOf(42), CHAIN, CHAIN,
                Address.of("0x0000000000000000000000000000000000000001"), BigInteger.valueOf(1_000_000),
                Address.of("0x0000000000000000000000000000000000000002"), BigInteger.valueOf(5), 1_900_000_000L);
    }

    @Test
    void digestIsTheEip712HashWrittenOutByHand() {
        var intent = intent();
        var domain = SigningDomain.of(CHAIN, SETTLER);
        byte[] domainTypeHash = Hash.sha3("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)".getBytes());
        byte[] domainSeparator = Hash.sha3(concat(domainTypeHash, Hash.sha3("Metaroute".getBytes()), Hash.sha3("1".getBytes()),
                word(BigInteger.valueOf(CHAIN.value())), word(new BigInteger(SETTLER.hex().substring(2), 16))));
        byte[] structHash = Hash.sha3(concat(Hash.sha3(IntentTypedData.TYPE_STRING.getBytes()),
                addr(intent.user()), addr(intent.recipient()), word(intent.nonce()), word(BigInteger.valueOf(CHAIN.value())),
                word(BigInteger.valueOf(CHAIN.value())), addr(intent.tokenIn()), word(intent.amountIn()), addr(intent.tokenOut()),
                word(intent.minAmountOut()), word(BigInteger.valueOf(intent.deadline()))));
        byte[] expected = Hash.sha3(concat(new byte[] {0x19, 0x01}, domainSeparator, structHash));
        assertThat(IntentTypedData.digest(domain, intent)).isEqualTo(expected);
    }

    @Test
    void aSignatureRecoversToItsSignerAndToNobodyElse() {
        var intent = intent();
        byte[] digest = IntentTypedData.digest(SigningDomain.of(CHAIN, SETTLER), intent);
        var sig = IntentSignature.sign(digest, WALLET.getEcKeyPair());
        IntentSignature.parse(sig.toHex()).verify(digest, intent.user());

        byte[] otherChain = IntentTypedData.digest(SigningDomain.of(ChainId.of(1), SETTLER), intent);
        assertThatThrownBy(() -> IntentSignature.parse(sig.toHex()).verify(otherChain, intent.user()))
                .isInstanceOfSatisfying(SignatureRejected.class, e -> assertThat(e.reason()).isEqualTo(SignatureRejected.Reason.WRONG_SIGNER));
    }

    @Test
    void highSMalleableFormIsRefused() {
        byte[] digest = IntentTypedData.digest(SigningDomain.of(CHAIN, SETTLER), intent());
        byte[] raw = IntentSignature.sign(digest, WALLET.getEcKeyPair()).toBytes();
        BigInteger highS = N.subtract(new BigInteger(1, java.util.Arrays.copyOfRange(raw, 32, 64)));
        System.arraycopy(word(highS), 0, raw, 32, 32);
        raw[64] = (byte) (raw[64] == 27 ? 28 : 27);
        assertThatThrownBy(() -> IntentSignature.parse("0x" + HexFormat.of().formatHex(raw)))
                .isInstanceOfSatisfying(SignatureRejected.class, e -> assertThat(e.reason()).isEqualTo(SignatureRejected.Reason.MALLEABLE));
    }

    @Test
    void wrongLengthsAndVsAreMalformed() {
        assertThatThrownBy(() -> IntentSignature.parse("0x1234")).isInstanceOfSatisfying(SignatureRejected.class,
                e -> assertThat(e.reason()).isEqualTo(SignatureRejected.Reason.MALFORMED));
        String v29 = "0x" + "11".repeat(64) + "1d";
        assertThatThrownBy(() -> IntentSignature.parse(v29)).hasMessageContaining("v must be");
        String v0 = "0x" + "11".repeat(64) + "00";
        assertThat(IntentSignature.parse(v0).toBytes()[64]).isEqualTo((byte) 27);
    }

    static byte[] word(BigInteger v) {
        byte[] out = new byte[32];
        byte[] b = v.toByteArray();
        int len = Math.min(b.length, 32);
        System.arraycopy(b, b.length - len, out, 32 - len, len);
        return out;
    }

    static byte[] addr(Address a) {
        return word(new BigInteger(a.hex().substring(2), 16));
    }

    static byte[] concat(byte[]... parts) {
        var out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }
}
