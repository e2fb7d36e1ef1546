package com.learnflow.ingest;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Defaults of the three ingest services, with the lowest precedence; a service's own
 * configuration wins.
 */
public class IngestServiceDefaults implements EnvironmentPostProcessor {

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		environment.getPropertySources()
			.addLast(new MapPropertySource("learnflowIngestDefaults", Map.of(
					// The API is described as OpenAPI 3.1 at /v3/api-docs; no UI is
					// served.
					"springdoc.api-docs.version", "openapi_3_1", "springdoc.swagger-ui.enabled", "false",
					// The request's W3C traceparent travels into the record's headers
					// (TraceContextHeaders), without
					// an observation of every send.
					"management.tracing.sampling.probability", "0.1")));
	}

}
