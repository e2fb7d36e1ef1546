package com.learnflow.kafka;

import java.time.Duration;
import java.util.List;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * At start-up, before any consumer or stream starts, creates the topics the service owns
 * ({@link OwnedTopics}) where they are missing, with the catalog's settings.
 *
 * <p>
 * Production turns this off ({@code learnflow.kafka.provision-topics=false}): there the
 * Kafka chart provisions every topic. Locally, in compose and in tests, each topic is
 * created by the service that writes it. A broker that cannot be reached, or that refuses
 * the creation, does not stop the service: readiness reports the broker's absence.
 */
public class TopicProvisioner implements SmartInitializingSingleton {

	private static final Logger log = LoggerFactory.getLogger(TopicProvisioner.class);

	private final KafkaAdmin kafkaAdmin;

	private final Duration timeout;

	private final List<NewTopic> owned;

	public TopicProvisioner(KafkaAdmin kafkaAdmin, Duration timeout, List<OwnedTopics> owned) {
		this.kafkaAdmin = kafkaAdmin;
		this.timeout = timeout;
		this.owned = owned.stream().flatMap((topics) -> topics.newTopics().stream()).toList();
	}

	@Override
	public void afterSingletonsInstantiated() {
		try (Admin admin = Admin.create(this.kafkaAdmin.getConfigurationProperties())) {
			List<String> created = CatalogTopics.createMissing(admin, this.timeout, this.owned);
			if (!created.isEmpty()) {
				log.info("Created the topics it owns {} from the catalog", created);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (Exception ex) {
			log.warn("Could not check the topics it owns at start-up ({}); relying on the deployment to provide them",
					ex.toString());
		}
	}

}
