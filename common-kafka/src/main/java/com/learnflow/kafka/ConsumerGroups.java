package com.learnflow.kafka;

/**
 * Names this service's consumer groups by the convention {@code {service}-{environment}-{purpose}}, the service
 * being {@code spring.application.name} and the environment {@code learnflow.environment}.
 */
public class ConsumerGroups {

	private final String service;

	private final String environment;

	public ConsumerGroups(String service, String environment) {
		this.service = service;
		this.environment = environment;
	}

	/** The group id of this service's consumers for one purpose. */
	public ConsumerGroupId forPurpose(String purpose) {
		return new ConsumerGroupId(this.service, this.environment, purpose);
	}

}
