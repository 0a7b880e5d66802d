package io.metaroute.api.dashboard;

import java.net.URI;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The live dashboard: static HTML, CSS and JavaScript under {@code classpath:/static/dashboard/}
 * (no build step), served at {@code /dashboard/index.html}; {@code /dashboard} leads there. It reads
 * only what any client may: {@code /v1/chains}, {@code /v1/tokens}, {@code /actuator/health} and
 * {@code ws /v1/stream}.
 */
@Configuration(proxyBeanMethods = false)
public class DashboardConfig {
    static final URI PAGE = URI.create("/dashboard/index.html");

    @Bean
    RouterFunction<ServerResponse> dashboardEntry() {
        return RouterFunctions.route()
                .GET("/dashboard", request -> ServerResponse.temporaryRedirect(PAGE).build())
                .GET("/dashboard/", request -> ServerResponse.temporaryRedirect(PAGE).build())
                .build();
    }
}
