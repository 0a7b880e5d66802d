package io.metaroute.api.rfq;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaroute.api.config.NetworkConfig;
import io.metaroute.core.chain.Address;
import io.metaroute.core.route.Route;
import io.metaroute.core.rfq.SignedQuote;
import io.metaroute.devnet.DevnetMaker;
import io.metaroute.pipeline.port.QuoteOutcomes;
import io.metaroute.quotefeeds.observe.RfqEvents;
import io.metaroute.quotefeeds.rfq.FadeBook;
import io.metaroute.quotefeeds.rfq.QuoteBook;
import io.metaroute.quotefeeds.rfq.RfqHub;
import io.metaroute.solver.routing.FirmQuotes;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The market-maker RFQ: the quote book and fade record, the socket {@code /v1/rfq}, the router's
 * view of the book ({@link FirmQuotes}) and the pipeline's report of what became of quotes taken
 * ({@link QuoteOutcomes}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RfqProperties.class)
public class RfqConfig {
    private static final Logger log = LoggerFactory.getLogger(RfqConfig.class);

    @Bean
    FadeBook fadeBook(RfqProperties props, Clock clock) {
        return new FadeBook(props.fade().halfLife(), props.fade().maxFailRate(), clock);
    }

    @Bean
    RfqEvents rfqEvents(MeterRegistry metrics, FadeBook fades) {
        return new RfqEvents(metrics, fades);
    }

    /**
     * The allowed makers as configured; on the embedded devnet with none configured, the devnet's own
     * maker, funded with every token on every rollup (it approves the settler itself).
     */
    @Bean
    QuoteBook quoteBook(NetworkConfig.NetworkContext ctx, NetworkConfig.EmbeddedDevnet embedded, RfqProperties props,
                        FadeBook fades, Clock clock) {
        List<Address> makers = props.makers().stream().map(Address::of).toList();
        if (makers.isEmpty() && embedded.devnet() != null && props.enabled()) {
            DevnetMaker.fund(embedded.devnet());
            makers = List.of(Address.of(DevnetMaker.credentials().getAddress()));
            log.info("rfq: the devnet's market maker {} is allowed and funded", makers.getFirst().checksummed());
        }
        return new QuoteBook(ctx.network(), new QuoteBook.Rules(java.util.Set.copyOf(makers), props.minLife(), props.maxLife(),
                props.perPair()), fades, clock);
    }

    @Bean
    RfqHub rfqHub(RfqProperties props, Clock clock) {
        return new RfqHub(props.window(), clock);
    }

    /** What the router may take: the book's routable quotes, none when RFQ is off. */
    @Bean
    FirmQuotes firmQuotes(QuoteBook book, RfqProperties props) {
        return props.enabled() ? book::routable : FirmQuotes.NONE;
    }

    @Bean
    QuoteOutcomes quoteOutcomes(QuoteBook book, RfqEvents events) {
        return new QuoteOutcomes() {
            @Override
            public void taking(Route route) {
                book.take(route.quotes());
            }

            @Override
            public void released(Route route) {
                book.release(route.quotes());
            }

            @Override
            public void settled(Route route) {
                book.remove(route.quotes());
                route.quotes().forEach(q -> events.used(q.maker()));
            }

            @Override
            public void failed(Route route, Optional<Address> maker, String reason) {
                book.remove(route.quotes());
                maker.ifPresent(m -> events.failed(m, reason.replaceAll("[^A-Za-z]", " ").trim().split(" ")[0]));
            }
        };
    }

    @Bean
    org.springframework.web.reactive.HandlerMapping rfqMapping(NetworkConfig.NetworkContext ctx, QuoteBook book, RfqHub hub,
                                                              RfqEvents events, ObjectMapper json, RfqProperties props) {
        if (!props.enabled()) {
            return new org.springframework.web.reactive.handler.SimpleUrlHandlerMapping(Map.of(), -1);
        }
        var handler = new RfqSocketHandler(ctx.network(), book, hub, events, json, props.loginTimeout(), props.minLife(),
                props.maxLife());
        return new org.springframework.web.reactive.handler.SimpleUrlHandlerMapping(Map.of("/v1/rfq", handler), -1);
    }

    static List<Map<String, Object>> quotesOf(List<SignedQuote> quotes) {
        return quotes.stream().map(q -> Map.<String, Object>of("venue", q.venue().hex(), "chainId", q.quote().chain().value(),
                "tokenIn", q.quote().tokenIn().checksummed(), "tokenOut", q.quote().tokenOut().checksummed(),
                "amountIn", q.quote().amountIn().toString(), "amountOut", q.quote().amountOut().toString(),
                "expiry", q.quote().expiry())).collect(Collectors.toList());
    }
}
