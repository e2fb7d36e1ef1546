package com.learnflow.ingest;

import java.lang.annotation.Annotation;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import jakarta.validation.Validator;
import org.springdoc.core.customizers.PropertyCustomizer;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

import com.learnflow.events.EventText;
import com.learnflow.events.EventTopic;
import com.learnflow.kafka.EventPublisher;
import com.learnflow.kafka.LearnFlowKafkaAutoConfiguration;
import com.learnflow.kafka.OwnedTopics;
import com.learnflow.kafka.RecordHeadersContributor;
import com.learnflow.kafka.StrictJson;
import com.learnflow.security.WriteQuota;

/**
 * What an ingest service adds to the shared Kafka wiring: the publish path, strict JSON,
 * a body size limit, idempotency, metrics, CORS, problem answers and the batch path. The
 * service declares the one catalog topic it publishes to as a bean,
 * {@code EventTopic<...>}.
 */
@AutoConfiguration(after = LearnFlowKafkaAutoConfiguration.class)
@EnableConfigurationProperties(IngestProperties.class)
@Import(IngestProblemAdvice.class)
public class IngestAutoConfiguration {

	/** Where every path of the ingest API starts. */
	static final String API_PREFIX = "/api/";

	/** The ingest API's paths as a servlet filter names them. */
	static final String API_PATHS = API_PREFIX + "*";

	/**
	 * The service owns the topic it publishes to; the detector owns its dead-letter
	 * topic.
	 */
	@Bean
	OwnedTopics ingestOwnedTopics(EventTopic<?> topic) {
		return new OwnedTopics(List.of(topic), List.of());
	}

	@Bean
	IngestMetrics ingestMetrics(MeterRegistry registry) {
		return new IngestMetrics(registry);
	}

	@Bean
	IdempotentAnswers idempotentAnswers(IngestProperties properties) {
		return new IdempotentAnswers(properties.idempotency());
	}

	@Bean
	EventIngestion eventIngestion(EventTopic<?> topic, EventPublisher publisher, IdempotentAnswers idempotentAnswers,
			IngestMetrics metrics) {
		return new EventIngestion(topic, publisher, idempotentAnswers, metrics);
	}

	/**
	 * The request's trace context travels into each record's headers, when tracing is on.
	 */
	@Bean
	RecordHeadersContributor traceContextHeaders(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
		Tracer current = tracer.getIfAvailable();
		Propagator w3c = propagator.getIfAvailable();
		return (current != null && w3c != null) ? new TraceContextHeaders(current, w3c) : RecordHeadersContributor.NONE;
	}

	@Bean
	BatchIngestion batchIngestion(EventTopic<?> topic, EventPublisher publisher, IdempotentAnswers idempotentAnswers,
			IngestMetrics metrics, JsonMapper json, Validator validator, WriteQuota quota,
			IngestProperties properties) {
		return new BatchIngestion(topic, publisher, idempotentAnswers, metrics, json, validator, quota, properties);
	}

	@Bean
	IngestApiDescription ingestApiDescription(Environment environment, IngestProperties properties) {
		return new IngestApiDescription(environment.getRequiredProperty("spring.application.name"), properties);
	}

	@Bean
	FilterRegistrationBean<RequestBodyLimitFilter> requestBodyLimitFilter(IngestProperties properties) {
		FilterRegistrationBean<RequestBodyLimitFilter> registration = new FilterRegistrationBean<>(
				new RequestBodyLimitFilter(properties.maxBodySize().toBytes(),
						properties.batch().maxBodySize().toBytes()));
		registration.addUrlPatterns(API_PATHS);
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 100);
		return registration;
	}

	/**
	 * Browsers may call the API from the configured frontend origins only; with none
	 * configured, CORS is off. The security filter chain applies it (named
	 * {@code corsConfigurationSource}, as Spring Security looks it up) before any other
	 * check, so that a browser can read a 401, 403 or 429 too; a path lookup instead of
	 * Spring MVC's handler lookup per request.
	 */
	@Bean
	CorsConfigurationSource corsConfigurationSource(IngestProperties properties) {
		UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
		IngestProperties.Cors cors = properties.cors();
		if (!cors.allowedOrigins().isEmpty()) {
			CorsConfiguration api = new CorsConfiguration();
			api.setAllowedOrigins(cors.allowedOrigins());
			api.setAllowedMethods(List.of(HttpMethod.POST.name()));
			api.setAllowedHeaders(List.of(HttpHeaders.AUTHORIZATION, HttpHeaders.CONTENT_TYPE,
					EventIngestion.IDEMPOTENCY_KEY, "traceparent", "tracestate"));
			api.setExposedHeaders(List.of(HttpHeaders.RETRY_AFTER, HttpHeaders.WWW_AUTHENTICATE));
			api.setMaxAge(cors.maxAge());
			source.registerCorsConfiguration(API_PREFIX + "**", api);
		}
		return source;
	}

	/**
	 * The OpenAPI description states each {@link TextField}'s length in characters and
	 * its pattern.
	 */
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

	/**
	 * A request is read exactly as written ({@link StrictJson}), and a field it does not
	 * know is refused.
	 */
	@Bean
	JsonMapperBuilderCustomizer strictRequestJson() {
		return (builder) -> StrictJson.configure(builder).enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
	}

}
