package io.metaroute.api.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * A start that fails on a setting of ours says which and why in a few lines, instead of a stack trace of bean
 * creation: every check of a {@code metaroute.*} setting throws an {@link IllegalArgumentException} whose message
 * starts with the setting's name. Other failures keep Spring Boot's own report.
 */
public final class SettingFailureAnalyzer extends AbstractFailureAnalyzer<IllegalArgumentException> {
    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, IllegalArgumentException cause) {
        String message = cause.getMessage();
        if (message == null || !message.startsWith("metaroute.")) {
            return null;
        }
        return new FailureAnalysis("A setting is not valid: " + message,
                "Correct that setting (a property, an environment variable or a command-line argument such as --"
                        + message.split("[ :=]", 2)[0] + "=...). The README's configuration table gives each setting's form and"
                        + " default.", cause);
    }
}
