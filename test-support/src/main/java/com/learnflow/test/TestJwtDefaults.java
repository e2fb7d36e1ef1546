package com.learnflow.test;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Every service under test trusts the test key pair and issuer of {@link TestTokens},
 * with the lowest precedence, so that a test about authorization may still configure its
 * own. Only on the test classpath.
 */
public class TestJwtDefaults implements EnvironmentPostProcessor, Ordered {

	/** Before the services' own defaults, which read these variables. */
	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		environment.getPropertySources()
			.addLast(new MapPropertySource("learnflowTestJwt", Map.of("LEARNFLOW_JWT_ISSUER", TestTokens.ISSUER,
					"LEARNFLOW_JWT_PUBLIC_KEY", "classpath:test-jwt/signing-key.pub.pem")));
	}

}
