package com.learnflow.kafka;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import com.learnflow.events.EventTimeWindow;

/**
 * Settings every LearnFlow service shares, under {@code learnflow.*}.
 *
 * @param environment where the service runs ({@code LEARNFLOW_ENV}: {@code local},
 * {@code dev}, {@code prod}); part of every consumer group id
 * @param kafka how the service talks to Kafka
 * @param eventTime the window around the server's clock in which an event's own time must
 * lie
 */
@ConfigurationProperties("learnflow")
public record LearnFlowProperties(@DefaultValue("local") String environment, @DefaultValue Kafka kafka,
		@DefaultValue EventTime eventTime) {

	/**
	 * @param maxAge how far in the past an event's time may lie (default: the input
	 * topics' retention, 7 days)
	 * @param maxFuture how far ahead of the server's clock an event's time may lie
	 * (default: 5 minutes)
	 */
	public record EventTime(@DefaultValue("7d") Duration maxAge, @DefaultValue("5m") Duration maxFuture) {

		public EventTimeWindow window() {
			return new EventTimeWindow(this.maxAge, this.maxFuture);
		}

	}

	/**
	 * @param publishTimeout the longest a publish may take, from the send to the broker's
	 * acknowledgement; a request that waits longer is answered 503
	 * @param provisionTopics whether the service creates missing catalog topics at
	 * start-up
	 * @param healthTimeout how long the readiness check waits for the broker to answer
	 */
	public record Kafka(@DefaultValue("5s") Duration publishTimeout, @DefaultValue("true") boolean provisionTopics,
			@DefaultValue("2s") Duration healthTimeout) {
	}

}
