package com.learnflow.kafka;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings every LearnFlow service shares, under {@code learnflow.*}.
 *
 * @param environment where the service runs ({@code LEARNFLOW_ENV}: {@code local}, {@code dev}, {@code prod}); part
 * of every consumer group id
 * @param kafka how the service talks to Kafka
 */
@ConfigurationProperties("learnflow")
public record LearnFlowProperties(@DefaultValue("local") String environment, @DefaultValue Kafka kafka) {

	/**
	 * @param publishTimeout the longest a publish may take, from the send to the broker's acknowledgement; a request
	 * that waits longer is answered 503
	 * @param provisionTopics whether the service creates missing catalog topics at start-up
	 * @param healthTimeout how long the readiness check waits for the broker to answer
	 */
	public record Kafka(@DefaultValue("5s") Duration publishTimeout, @DefaultValue("true") boolean provisionTopics,
			@DefaultValue("2s") Duration healthTimeout) {
	}

}
