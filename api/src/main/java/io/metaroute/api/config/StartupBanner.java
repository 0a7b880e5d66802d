package io.metaroute.api.config;

import io.metaroute.api.config.NetworkConfig.NetworkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/** Tells an operator, once the port is known, where wallets and clients should point. */
@Component
public class StartupBanner implements ApplicationListener<WebServerInitializedEvent> {
    private static final Logger log = LoggerFactory.getLogger(StartupBanner.class);
    private final NetworkContext ctx;

    public StartupBanner(NetworkContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        int port = event.getWebServer().getPort();
        var sb = new StringBuilder("\n\nMetaroute is serving on http://127.0.0.1:" + port + "\n");
        sb.append("  wallets: POST /v1/quotes, POST /v1/intents, GET /v1/intents/{id}; network: GET /v1/chains, /v1/tokens\n");
        sb.append("  network description: ").append(ctx.descriptionFile().toAbsolutePath()).append('\n');
        DataDirectory.current().ifPresent(dir -> sb.append("  data: ").append(dir.root()).append(dir.resumed()
                ? " (resumed: the same chains and intents as before; metaroute.fresh=true starts afresh)"
                : " (new)").append('\n'));
        ctx.network().rollups().forEach(r -> sb.append(String.format("  %-8s chain %d  domain %d  rpc %s  settler %s%n",
                r.name(), r.chainId().value(), r.domain().value(), r.rpcUrl(), r.settler().checksummed())));
        log.info(sb.toString());
    }
}
