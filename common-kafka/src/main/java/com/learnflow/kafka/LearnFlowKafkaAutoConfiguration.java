package com.learnflow.kafka;

import java.time.Clock;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;

import com.learnflow.events.EventTimeWindow;

/**
 * The Kafka beans every LearnFlow service gets: publisher, topic provisioning,
 * consumer-group names and health.
 */
@AutoConfiguration(after = KafkaAutoConfiguration.class)
@EnableConfigurationProperties(LearnFlowProperties.class)
public class LearnFlowKafkaAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	Clock clock() {
		return Clock.systemUTC();
	}

	/**
	 * The window in which an event's own time must lie: {@code learnflow.event-time.*}.
	 */
	@Bean
	EventTimeWindow eventTimeWindow(LearnFlowProperties properties) {
		return properties.eventTime().window();
	}

	@Bean
	EventPublisher eventPublisher(KafkaTemplate<String, Object> template, LearnFlowProperties properties,
			Environment environment, Clock clock, ObjectProvider<RecordHeadersContributor> headers) {
		return new EventPublisher(template, properties.kafka().publishTimeout(),
				"/learnflow/" + serviceName(environment), clock,
				headers.getIfAvailable(() -> RecordHeadersContributor.NONE));
	}

	@Bean
	@ConditionalOnBooleanProperty(name = "learnflow.kafka.provision-topics", matchIfMissing = true)
	TopicProvisioner topicProvisioner(KafkaAdmin kafkaAdmin, LearnFlowProperties properties,
			ObjectProvider<OwnedTopics> owned) {
		return new TopicProvisioner(kafkaAdmin, properties.kafka().publishTimeout().multipliedBy(2),
				owned.orderedStream().toList());
	}

	@Bean
	KafkaHealthIndicator kafkaHealthIndicator(KafkaAdmin kafkaAdmin, LearnFlowProperties properties) {
		return new KafkaHealthIndicator(kafkaAdmin, properties.kafka().healthTimeout());
	}

	/** Every LearnFlow service names itself; the name is its CloudEvents source. */
	private static String serviceName(Environment environment) {
		return environment.getRequiredProperty("spring.application.name");
	}

}
