package com.learnflow.ingest;

import java.lang.annotation.Annotation;

import io.micrometer.core.instrument.MeterRegistry;
import org.springdoc.core.customizers.PropertyCustomizer;
import tools.jackson.databind.DeserializationFeature;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;
import org.springframework.web.servlet.config.annotation.CorsRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import com.learnflow.events.EventText;
import com.learnflow.kafka.EventPublisher;
import com.learnflow.kafka.LearnFlowKafkaAutoConfiguration;
import com.learnflow.kafka.StrictJson;

/**
 * What an ingest service adds to the shared Kafka wiring: the publish path, strict JSON, a body size limit,
 * idempotency, metrics, CORS and problem answers.
 */
@AutoConfiguration(after = LearnFlowKafkaAutoConfiguration.class)
@EnableConfigurationProperties(IngestProperties.class)
@Import(IngestProblemAdvice.class)
public class IngestAutoConfiguration {

	/** The paths of the ingest API. */
	static final String API_PATHS = "/api/*";

	@Bean
	IngestMetrics ingestMetrics(MeterRegistry registry) {
		return new IngestMetrics(registry);
	}

	@Bean
	IdempotentAnswers idempotentAnswers(IngestProperties properties) {
		return new IdempotentAnswers(properties.idempotency());
	}

	@Bean
	EventIngestion eventIngestion(EventPublisher publisher, IdempotentAnswers idempotentAnswers,
			IngestMetrics metrics) {
		return new EventIngestion(publisher, idempotentAnswers, metrics);
	}

	@Bean
	IngestApiDescription ingestApiDescription(Environment environment) {
		return new IngestApiDescription(environment.getRequiredProperty("spring.application.name"));
	}

	@Bean
	FilterRegistrationBean<RequestBodyLimitFilter> requestBodyLimitFilter(IngestProperties properties) {
		FilterRegistrationBean<RequestBodyLimitFilter> registration = new FilterRegistrationBean<>(
				new RequestBodyLimitFilter(properties.maxBodySize().toBytes()));
		registration.addUrlPatterns(API_PATHS);
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 100);
		return registration;
	}

	/** Browsers may call the API from the configured frontend origins only; with none configured, CORS is off. */
	@Bean
	WebMvcConfigurer ingestCors(IngestProperties properties) {
		return new WebMvcConfigurer() {
			@Override
			public void addCorsMappings(CorsRegistry registry) {
				IngestProperties.Cors cors = properties.cors();
				if (!cors.allowedOrigins().isEmpty()) {
					registry.addMapping("/api/**")
						.allowedOrigins(cors.allowedOrigins().toArray(String[]::new))
						.allowedMethods("POST")
						.allowedHeaders(HttpHeaders.AUTHORIZATION, HttpHeaders.CONTENT_TYPE, IngestEndpoint.IDEMPOTENCY_KEY,
								"traceparent", "tracestate")
						.exposedHeaders(HttpHeaders.RETRY_AFTER)
						.maxAge(cors.maxAge().toSeconds());
				}
			}
		};
	}

	/** The OpenAPI description states each {@link TextField}'s length in characters and its pattern. */
	@Bean
	PropertyCustomizer textFieldDescription() {
		return (property, type) -> {
			if (type.getCtxAnnotations() != null) {
				for (Annotation annotation : type.getCtxAnnotations()) {
					if (annotation instanceof TextField field) {
						property.maxLength(field.maxLength())
							.pattern(field.multiline() ? EventText.MULTILINE_PATTERN : EventText.SINGLE_LINE_PATTERN);
					}
				}
			}
			return property;
		};
	}

	/** A request is read exactly as written ({@link StrictJson}), and a field it does not know is refused. */
	@Bean
	JsonMapperBuilderCustomizer strictRequestJson() {
		return (builder) -> StrictJson.configure(builder).enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
	}

}
