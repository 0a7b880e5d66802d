package io.metaroute.api.rfq;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code metaroute.rfq.*}: the market-maker RFQ socket and its quote book.
 *
 * @param enabled      serve {@code /v1/rfq} and route through admitted quotes
 * @param makers       the allowed makers' addresses; empty: none, except on the embedded devnet, where the
 *                     devnet's own maker (the example bot's key) is allowed and funded at start
 * @param minLife      a quote must live at least this long to be admitted and to be routed (a fill must land first)
 * @param maxLife      a quote may not expire later than this from now
 * @param perPair      the best quotes per pair the router is offered
 * @param window       how long an RFQ request's answers are waited for by whoever asked
 * @param loginTimeout a socket that has not logged in by then is closed
 * @param fade         the fade rules: half-life of the used/failed counts, and the fail rate above which a maker is declined
 */
@ConfigurationProperties("metaroute.rfq")
public record RfqProperties(boolean enabled, List<String> makers, Duration minLife, Duration maxLife, int perPair,
                            Duration window, Duration loginTimeout, Fade fade) {
    public RfqProperties {
        makers = makers == null ? List.of() : List.copyOf(makers);
        minLife = minLife == null ? Duration.ofSeconds(3) : minLife;
        maxLife = maxLife == null ? Duration.ofSeconds(120) : maxLife;
        perPair = perPair <= 0 ? 4 : perPair;
        window = window == null ? Duration.ofMillis(150) : window;
        loginTimeout = loginTimeout == null ? Duration.ofSeconds(10) : loginTimeout;
        fade = fade == null ? new Fade(null, null) : fade;
    }

    public record Fade(Duration halfLife, Double maxFailRate) {
        public Fade {
            halfLife = halfLife == null ? Duration.ofMinutes(10) : halfLife;
            maxFailRate = maxFailRate == null ? 0.25 : maxFailRate;
        }
    }
}
