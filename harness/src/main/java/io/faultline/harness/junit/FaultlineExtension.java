package io.faultline.harness.junit;

import io.faultline.harness.cluster.DockerResources;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.opentest4j.AssertionFailedError;

/**
 * {@code @ExtendWith(FaultlineExtension.class)}: gives a test method a {@link ChaosTest}
 * builder whose runs go to {@code target/faultline-runs/<test class>}; fails clearly
 * (not with a Docker stack trace) when no Docker engine answers.
 */
public final class FaultlineExtension implements ParameterResolver {
    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
        return p.getParameter().getType() == ChaosTest.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext e) throws ParameterResolutionException {
        try {
            DockerResources.client().pingCmd().exec();
        } catch (RuntimeException ex) {
            throw new AssertionFailedError("Faultline needs a Docker engine: " + ex.getMessage()
                    + " (start one, e.g. bash docker/engine.sh)");
        }
        Path out = ChaosTest.defaultOutput().resolve(e.getRequiredTestClass().getSimpleName());
        return ChaosTest.kv().output(out);
    }
}
