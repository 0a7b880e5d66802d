package io.metaroute.api.config;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The solver boundary: routing is CPU work that must never run on a Netty event-loop thread, nor
 * on a feed's thread, so every caller hands it to this one scheduler. It is bounded in threads
 * (one per core by default) and in queued tasks, so a burst of quotes waits in a known queue
 * instead of multiplying threads.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({SolverProperties.class, RpcProperties.class})
public class SolverSchedulerConfig {
    public static final String SOLVER = "solverScheduler";

    @Bean(name = SOLVER, destroyMethod = "dispose")
    @Qualifier(SOLVER)
    Scheduler solverScheduler(SolverProperties props) {
        return Schedulers.newBoundedElastic(props.threadsOrCores(), props.queue(), "metaroute-solver");
    }
}
