package io.metaroute.api.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.io.support.SpringFactoriesLoader;

/** A bad setting fails the start with its name and what is wrong, not a stack trace of bean creation. */
class SettingFailureAnalyzerTest {
    private final SettingFailureAnalyzer analyzer = new SettingFailureAnalyzer();

    @Test
    void aSettingRefusedDeepInBeanCreationIsReportedByName() {
        var refused = new IllegalArgumentException(
                "metaroute.inventory.rebalance.targets entry '710001:USDC:abc': the chain id and the amount are decimal integers");
        var failure = new BeanCreationException("inventoryController", "Unsatisfied dependency",
                new BeanCreationException("inventoryRebalancer", "Failed to instantiate", refused));
        FailureAnalysis analysis = analyzer.analyze(failure);
        assertThat(analysis).isNotNull();
        assertThat(analysis.getDescription()).isEqualTo("A setting is not valid: " + refused.getMessage());
        assertThat(analysis.getAction()).contains("--metaroute.inventory.rebalance.targets=...");
        assertThat(analysis.getCause()).isSameAs(refused);
    }

    @Test
    void otherFailuresKeepSpringBootsOwnReport() {
        assertThat(analyzer.analyze(new BeanCreationException("x", "y", new IllegalArgumentException("a bug, not a setting"))))
                .isNull();
        assertThat(analyzer.analyze(new IllegalStateException("metaroute.solver.threads"))).isNull();
    }

    @Test
    void springBootFindsIt() {
        // the others Spring Boot lists need its context to be made; only whether ours is listed matters here
        assertThat(SpringFactoriesLoader.forDefaultResourceLocation().load(FailureAnalyzer.class, (type, name, failure) -> { }))
                .anyMatch(a -> a instanceof SettingFailureAnalyzer);
    }
}
