package io.metaroute.quotefeeds.rfq;

import io.metaroute.core.chain.Address;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How often each market maker's quotes fail at execution (the maker did not pay: no balance or
 * allowance, an expired or spent quote), as UniswapX's fade rules keep it: quotes used and quotes
 * failed, both decaying with {@code halfLife}, so that old failures are forgiven. A maker is declined
 * while its recent failures weigh at least half a failure and are more than {@code maxFailRate} of its
 * recent quotes taken; and every maker is ranked by its fail rate ({@link #score}).
 */
public final class FadeBook {
    private final Duration halfLife;
    private final double maxFailRate;
    private final Clock clock;
    private final Map<Address, Counts> makers = new ConcurrentHashMap<>();

    /** One maker's standing now: decayed counts, their rate, and whether its quotes are declined. */
    public record Standing(Address maker, double used, double failed, double failRate, boolean declined) {
    }

    public FadeBook(Duration halfLife, double maxFailRate, Clock clock) {
        if (halfLife.isNegative() || halfLife.isZero() || !(maxFailRate >= 0 && maxFailRate <= 1)) {
            throw new IllegalArgumentException("a positive half-life and a fail rate in [0, 1] are needed");
        }
        this.halfLife = halfLife;
        this.maxFailRate = maxFailRate;
        this.clock = clock;
    }

    public void used(Address maker) {
        makers.compute(maker, (m, c) -> decayed(c).plus(1, 0));
    }

    public void failed(Address maker) {
        makers.compute(maker, (m, c) -> decayed(c).plus(0, 1));
    }

    public Standing standing(Address maker) {
        Counts c = decayed(makers.get(maker));
        double total = c.used + c.failed;
        double rate = total == 0 ? 0 : c.failed / total;
        return new Standing(maker, c.used, c.failed, rate, c.failed >= 0.5 && rate > maxFailRate);
    }

    public boolean declined(Address maker) {
        return standing(maker).declined();
    }

    /** A quote's rank among quotes of one pair: its price, less its maker's fail rate of it. */
    public double score(Address maker, double price) {
        return price * (1 - standing(maker).failRate());
    }

    /** Every maker seen, by address. */
    public List<Standing> standings() {
        return makers.keySet().stream().sorted(java.util.Comparator.comparing(Address::hex)).map(this::standing).toList();
    }

    private Counts decayed(Counts c) {
        long now = clock.millis();
        if (c == null) {
            return new Counts(0, 0, now);
        }
        double factor = Math.pow(0.5, (now - c.at) / (double) halfLife.toMillis());
        return new Counts(c.used * factor, c.failed * factor, now);
    }

    private record Counts(double used, double failed, long at) {
        Counts plus(double u, double f) {
            return new Counts(used + u, failed + f, at);
        }
    }
}
