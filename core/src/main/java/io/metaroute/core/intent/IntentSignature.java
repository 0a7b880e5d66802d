package io.metaroute.core.intent;

import io.metaroute.core.chain.Address;
import io.metaroute.core.intent.SignatureRejected.Reason;
import java.math.BigInteger;
import java.security.SignatureException;
import java.util.Arrays;
import java.util.HexFormat;
import org.web3j.crypto.ECDSASignature;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;

/**
 * A 65-byte {@code r ‖ s ‖ v} ECDSA signature over an EIP-712 digest. Parsing rejects what the
 * settler contract would also reject: wrong length, unknown {@code v}, high-s malleable forms.
 */
public final class IntentSignature {
    private final byte[] r;
    private final byte[] s;
    private final byte v;

    private IntentSignature(byte[] r, byte[] s, byte v) {
        this.r = r;
        this.s = s;
        this.v = v;
    }

    public static IntentSignature parse(String hex) {
        if (hex == null || !hex.matches("0x[0-9a-fA-F]*")) {
            throw new SignatureRejected(Reason.MALFORMED, "signature must be 0x-prefixed hex");
        }
        if (hex.length() != 2 + 130) {
            throw new SignatureRejected(Reason.MALFORMED,
                    "signature must be 65 bytes (r, s, v), got " + (hex.length() - 2) / 2.0 + " bytes");
        }
        byte[] raw = HexFormat.of().parseHex(hex.substring(2));
        int vi = raw[64] & 0xFF;
        if (vi == 0 || vi == 1) {
            vi += 27;
        }
        if (vi != 27 && vi != 28) {
            throw new SignatureRejected(Reason.MALFORMED, "signature v must be 27 or 28 (or 0 or 1), got " + (raw[64] & 0xFF));
        }
        byte[] r = Arrays.copyOfRange(raw, 0, 32);
        byte[] s = Arrays.copyOfRange(raw, 32, 64);
        var ecdsa = new ECDSASignature(new BigInteger(1, r), new BigInteger(1, s));
        if (!ecdsa.isCanonical()) {
            throw new SignatureRejected(Reason.MALLEABLE, "signature s is in the upper half of the curve order (malleable form)");
        }
        if (ecdsa.r.signum() == 0 || ecdsa.s.signum() == 0) {
            throw new SignatureRejected(Reason.MALFORMED, "signature r and s must be non-zero");
        }
        return new IntentSignature(r, s, (byte) vi);
    }

    /** Signs a digest with a key; the result is canonical (low-s), as web3j produces it. */
    public static IntentSignature sign(byte[] digest, ECKeyPair key) {
        Sign.SignatureData data = Sign.signMessage(digest, key, false);
        return new IntentSignature(data.getR(), data.getS(), data.getV()[0]);
    }

    public Address recoverSigner(byte[] digest) {
        try {
            BigInteger publicKey = Sign.signedMessageHashToKey(digest, new Sign.SignatureData(v, r, s));
            return Address.of("0x" + Keys.getAddress(publicKey));
        } catch (SignatureException | IllegalArgumentException e) {
            throw new SignatureRejected(Reason.UNRECOVERABLE, "no signer recovers from this signature");
        }
    }

    /** Recovers the signer and checks it is {@code expected}. */
    public void verify(byte[] digest, Address expected) {
        Address signer = recoverSigner(digest);
        if (!signer.equals(expected)) {
            throw new SignatureRejected(Reason.WRONG_SIGNER,
                    "signature was made by " + signer.checksummed() + ", not by the intent's user " + expected.checksummed());
        }
    }

    public byte[] toBytes() {
        byte[] out = new byte[65];
        System.arraycopy(r, 0, out, 0, 32);
        System.arraycopy(s, 0, out, 32, 32);
        out[64] = v;
        return out;
    }

    public String toHex() {
        return "0x" + HexFormat.of().formatHex(toBytes());
    }

    @Override
    public String toString() {
        return toHex();
    }
}
