package io.metaroute.devnet;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension: one {@link Devnet} per test JVM, shared by every test class that uses it,
 * started on first use and closed by a JVM shutdown hook. Resolves {@code Devnet} parameters.
 * <pre>{@code @ExtendWith(DevnetExtension.class) class MyTest { @Test void t(Devnet devnet) { ... } }}</pre>
 */
public final class DevnetExtension implements BeforeAllCallback, ParameterResolver {
    private static Devnet shared;
    private static RuntimeException failure;

    /** The per-JVM devnet, started lazily with the default configuration. */
    public static synchronized Devnet shared() {
        if (failure != null) {
            throw new DevnetException("the shared devnet failed to start earlier: " + failure.getMessage(), failure);
        }
        if (shared == null) {
            try {
                Devnet devnet = Devnet.start();
                Runtime.getRuntime().addShutdownHook(new Thread(devnet::close, "devnet-shared-close"));
                shared = devnet;
            } catch (RuntimeException e) {
                failure = e;
                throw e;
            }
        }
        return shared;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        shared();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext extension) {
        return parameter.getParameter().getType() == Devnet.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext extension) {
        return shared();
    }
}
