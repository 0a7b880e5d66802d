package io.metaroute.quotefeeds.rfq;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.ChainId;
import io.metaroute.core.network.Network;
import io.metaroute.core.network.Rollup;
import io.metaroute.core.rfq.MakerQuote;
import io.metaroute.core.rfq.SignedQuote;
import io.metaroute.quotefeeds.rfq.QuoteRefused.Reason;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The live book of market makers' firm quotes: per chain and pair (the token a taker sells, the token
 * it buys), the latest admitted quote of each maker. A quote is admitted only from an allowed maker
 * speaking for itself, signed by its key under the chain's settler domain, for tokens listed there,
 * live for at least {@code minLife} and at most {@code maxLife}, with a nonce the maker has not sent
 * before, not crossed with the maker's own quote the other way, and from a maker the {@link FadeBook}
 * does not decline; everything else is refused with its {@link Reason} and never stored. The router is
 * offered ({@link #routable}) the best {@code perPair} quotes of each pair by fade-adjusted price that
 * still have {@code minLife} to live and that no fill is taking; a quote that settled or failed leaves
 * the book. Thread-safe; every method is short and holds the book's lock.
 */
public final class QuoteBook {

    /** The admission rules. */
    public record Rules(Set<Address> makers, Duration minLife, Duration maxLife, int perPair) {
        public Rules {
            makers = Set.copyOf(makers);
            if (minLife.isNegative() || maxLife.compareTo(minLife) <= 0 || perPair < 1) {
                throw new IllegalArgumentException("need 0 <= minLife < maxLife and perPair >= 1");
            }
        }
    }

    private record Pair(ChainId chain, Address tokenIn, Address tokenOut) {
        static Pair of(MakerQuote q) {
            return new Pair(q.chain(), q.tokenIn(), q.tokenOut());
        }

        Pair reversed() {
            return new Pair(chain, tokenOut, tokenIn);
        }
    }

    private record Spent(Address maker, java.math.BigInteger nonce) {
    }

    private final Map<ChainId, Set<Address>> tokens = new HashMap<>();
    private final Rules rules;
    private final FadeBook fades;
    private final Clock clock;
    /** Per pair, per maker: its latest admitted quote. */
    private final Map<Pair, Map<Address, SignedQuote>> live = new HashMap<>();
    /** Every (maker, nonce) admitted or refused as replayed, until its quote's expiry: a replay is refused. */
    private final Map<Spent, Long> nonces = new HashMap<>();
    /** Venue ids of quotes a fill is taking now. */
    private final Set<Address> taking = new HashSet<>();

    public QuoteBook(Network network, Rules rules, FadeBook fades, Clock clock) {
        for (Rollup r : network.rollups()) {
            var listed = new HashSet<Address>();
            r.tokens().forEach(t -> listed.add(t.address()));
            tokens.put(r.chainId(), listed);
        }
        this.rules = rules;
        this.fades = fades;
        this.clock = clock;
    }

    /**
     * Admits {@code quote}, sent over a socket logged in as {@code session} (null: not logged in), or
     * throws {@link QuoteRefused}. An admitted quote replaces its maker's previous quote of the pair.
     */
    public synchronized void admit(SignedQuote quote, Address session) {
        MakerQuote q = quote.quote();
        long now = clock.instant().getEpochSecond();
        if (session == null || !session.equals(q.maker()) || !rules.makers().contains(q.maker())) {
            throw new QuoteRefused(Reason.UNAUTHORISED, session == null ? "log in before quoting"
                    : !session.equals(q.maker()) ? "the quote names maker " + q.maker().checksummed() + ", this socket is "
                    + session.checksummed() : q.maker().checksummed() + " is not an allowed maker");
        }
        Set<Address> listed = tokens.get(q.chain());
        if (listed == null) {
            throw new QuoteRefused(Reason.UNKNOWN_CHAIN, "chain " + q.chain() + " is not served here");
        }
        for (Address t : List.of(q.tokenIn(), q.tokenOut())) {
            if (!listed.contains(t)) {
                throw new QuoteRefused(Reason.UNKNOWN_TOKEN, t.checksummed() + " is not listed on chain " + q.chain());
            }
        }
        if (!quote.signedByMaker()) {
            throw new QuoteRefused(Reason.BAD_SIGNATURE, "the signature does not recover to " + q.maker().checksummed()
                    + " over the quote's EIP-712 digest " + quote.digest());
        }
        if (q.expiry() < now + rules.minLife().toSeconds()) {
            throw new QuoteRefused(Reason.EXPIRED, "expiry " + q.expiry() + " is less than " + rules.minLife().toSeconds()
                    + " s after now (" + now + ")");
        }
        if (q.expiry() > now + rules.maxLife().toSeconds()) {
            throw new QuoteRefused(Reason.EXPIRY_TOO_FAR, "expiry " + q.expiry() + " is more than "
                    + rules.maxLife().toSeconds() + " s after now (" + now + ")");
        }
        forgetExpired(now);
        var spent = new Spent(q.maker(), q.nonce());
        if (nonces.containsKey(spent)) {
            throw new QuoteRefused(Reason.REPLAYED, "nonce " + q.nonce() + " of " + q.maker().checksummed() + " was sent before");
        }
        SignedQuote opposite = live.getOrDefault(Pair.of(q).reversed(), Map.of()).get(q.maker());
        if (opposite != null && opposite.quote().liveAt(now) && crosses(q, opposite.quote())) {
            throw new QuoteRefused(Reason.CROSSED, "with its quote " + opposite.venue() + " the other way, a round trip"
                    + " would pay more than it takes (" + q.amountOut() + "/" + q.amountIn() + " x "
                    + opposite.quote().amountOut() + "/" + opposite.quote().amountIn() + " >= 1)");
        }
        if (fades.declined(q.maker())) {
            var s = fades.standing(q.maker());
            throw new QuoteRefused(Reason.FADED, String.format(java.util.Locale.ROOT,
                    "%.0f%% of this maker's recent quotes failed at execution (%.2f failed, %.2f used, decaying)",
                    100 * s.failRate(), s.failed(), s.used()));
        }
        nonces.put(spent, q.expiry());
        live.computeIfAbsent(Pair.of(q), p -> new HashMap<>()).put(q.maker(), quote);
    }

    /** The allowed makers. */
    public Set<Address> makers() {
        return rules.makers();
    }

    /** Whether {@code maker} is one of the allowed makers. */
    public boolean allowed(Address maker) {
        return rules.makers().contains(maker);
    }

    /** Whether {@code a} and {@code b} (opposite directions) together turn x of a token into more than x. */
    static boolean crosses(MakerQuote a, MakerQuote b) {
        return a.amountOut().multiply(b.amountOut()).compareTo(a.amountIn().multiply(b.amountIn())) >= 0;
    }

    /** The quotes the router may take on {@code chain} now: the best {@code perPair} of each pair, none being taken. */
    public synchronized List<SignedQuote> routable(ChainId chain) {
        long now = clock.instant().getEpochSecond();
        long until = now + rules.minLife().toSeconds();
        var out = new ArrayList<SignedQuote>();
        for (var e : live.entrySet()) {
            if (!e.getKey().chain().equals(chain)) {
                continue;
            }
            e.getValue().values().removeIf(q -> !q.quote().liveAt(now));
            e.getValue().values().stream()
                    .filter(q -> q.quote().expiry() >= until && !taking.contains(q.venue()) && !fades.declined(q.maker()))
                    .sorted(Comparator.comparingDouble((SignedQuote q) -> -fades.score(q.maker(), q.quote().price())))
                    .limit(rules.perPair())
                    .forEach(out::add);
        }
        out.sort(Comparator.comparing(q -> q.venue().hex()));
        return out;
    }

    /** A fill is taking these quotes: they are offered to no other route until {@link #release}d. */
    public synchronized void take(List<SignedQuote> quotes) {
        quotes.forEach(q -> taking.add(q.venue()));
    }

    /** The fill was not sent for a reason of its own: the quotes may be offered again. */
    public synchronized void release(List<SignedQuote> quotes) {
        quotes.forEach(q -> taking.remove(q.venue()));
    }

    /** The quotes settled or failed: they leave the book. */
    public synchronized void remove(List<SignedQuote> quotes) {
        for (SignedQuote q : quotes) {
            taking.remove(q.venue());
            var byMaker = live.get(Pair.of(q.quote()));
            if (byMaker != null) {
                byMaker.remove(q.maker(), q);
            }
        }
    }

    /** Every live quote of {@code maker}, on every chain. */
    public synchronized List<SignedQuote> of(Address maker) {
        long now = clock.instant().getEpochSecond();
        return live.values().stream().map(m -> m.get(maker))
                .filter(q -> q != null && q.quote().liveAt(now)).toList();
    }

    private void forgetExpired(long now) {
        if (nonces.size() > 1024) {
            nonces.values().removeIf(expiry -> expiry < now);
        }
    }
}
