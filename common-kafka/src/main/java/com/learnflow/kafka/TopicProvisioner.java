package com.learnflow.kafka;

import java.time.Duration;
import java.util.List;

import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * At start-up, before any consumer or stream starts, creates the catalog topics that are
 * missing.
 *
 * <p>
 * A broker that cannot be reached does not stop the service: the topics are also
 * provisioned by the deployment (Helm values, compose, {@code ./learnflow up}), and
 * readiness reports the broker's absence.
 */
public class TopicProvisioner implements SmartInitializingSingleton {

	private static final Logger log = LoggerFactory.getLogger(TopicProvisioner.class);

	private final KafkaAdmin kafkaAdmin;

	private final Duration timeout;

	public TopicProvisioner(KafkaAdmin kafkaAdmin, Duration timeout) {
		this.kafkaAdmin = kafkaAdmin;
		this.timeout = timeout;
	}

	@Override
	public void afterSingletonsInstantiated() {
		try (Admin admin = Admin.create(this.kafkaAdmin.getConfigurationProperties())) {
			List<String> created = CatalogTopics.createMissing(admin, this.timeout);
			if (!created.isEmpty()) {
				log.info("Created topics {} from the catalog", created);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (Exception ex) {
			log.warn("Could not check the catalog topics at start-up ({}); relying on the deployment to provide them",
					ex.toString());
		}
	}

}
