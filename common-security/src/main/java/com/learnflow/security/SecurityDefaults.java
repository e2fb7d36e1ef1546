package com.learnflow.security;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The identity provider is named by environment variables, with the lowest precedence:
 * {@code LEARNFLOW_JWT_ISSUER}, {@code LEARNFLOW_JWT_AUDIENCE} (default
 * {@code learnflow-events}), and a key source, {@code LEARNFLOW_JWT_JWK_SET_URI} (an
 * identity provider's JWK Set) or {@code LEARNFLOW_JWT_PUBLIC_KEY} (a PEM public key,
 * such as the local stack's).
 */
public class SecurityDefaults implements EnvironmentPostProcessor {

	/** The audience every token must contain. */
	public static final String AUDIENCE = "learnflow-events";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		Map<String, Object> defaults = new LinkedHashMap<>();
		defaults.put("learnflow.security.issuer", "${LEARNFLOW_JWT_ISSUER:}");
		defaults.put("spring.security.oauth2.resourceserver.jwt.audiences",
				"${LEARNFLOW_JWT_AUDIENCE:" + AUDIENCE + "}");
		defaults.put("spring.security.oauth2.resourceserver.jwt.jws-algorithms", "RS256");
		// Spring Boot builds its decoder from whichever key source is set; an empty one
		// would be taken as set.
		if (environment.containsProperty("LEARNFLOW_JWT_JWK_SET_URI")) {
			defaults.put("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", "${LEARNFLOW_JWT_JWK_SET_URI}");
		}
		if (environment.containsProperty("LEARNFLOW_JWT_PUBLIC_KEY")) {
			defaults.put("spring.security.oauth2.resourceserver.jwt.public-key-location",
					"${LEARNFLOW_JWT_PUBLIC_KEY}");
		}
		// Health shows each component's status to anyone (the kubelet, Prometheus), its
		// details only with ops:read.
		defaults.put("management.endpoint.health.show-components", "always");
		defaults.put("management.endpoint.health.show-details", "when-authorized");
		defaults.put("management.endpoint.health.roles", Scopes.authority(Scopes.OPS_READ));
		environment.getPropertySources().addLast(new MapPropertySource("learnflowSecurityDefaults", defaults));
	}

}
