package io.metaroute.api.intents;

import io.metaroute.api.problem.ApiProblem;
import io.metaroute.api.problem.ErrorKind;
import io.metaroute.core.chain.Address;
import io.metaroute.core.network.Rollup;

/**
 * Where an intent's output must never go: the zero address, the rollup's settler (the output would
 * stay locked in it), a token contract of the rollup, or one of its pools (neither can pay anything
 * back out). Quotes and intents refuse such a recipient alike.
 */
public final class Recipients {
    private Recipients() {
    }

    public static void check(Rollup rollup, Address recipient, String path) {
        String why = null;
        if (recipient.isZero()) {
            why = "the zero address";
        } else if (recipient.equals(rollup.settler())) {
            why = "the settler of chain " + rollup.chainId() + ": the output would stay locked in it";
        } else if (rollup.token(recipient).isPresent()) {
            why = "the " + rollup.token(recipient).get().symbol() + " token contract on chain " + rollup.chainId();
        } else if (rollup.poolFactory() != null && recipient.equals(rollup.poolFactory())
                || rollup.pools().stream().anyMatch(p -> p.address().equals(recipient))) {
            why = "a pool contract on chain " + rollup.chainId();
        }
        if (why != null) {
            throw ApiProblem.of(ErrorKind.INVALID_RECIPIENT, path, path + " " + recipient.checksummed() + " is " + why
                    + "; funds sent there cannot be recovered");
        }
    }
}
