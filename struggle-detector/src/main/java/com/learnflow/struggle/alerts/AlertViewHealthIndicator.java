package com.learnflow.struggle.alerts;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/**
 * The replica is ready once its alert view has read {@code struggle.detected} up to the
 * end offsets it found at start, so that it answers no student with an incomplete list;
 * it stays ready while it follows the topic.
 */
@Component
class AlertViewHealthIndicator extends AbstractHealthIndicator {

	private final AlertView view;

	AlertViewHealthIndicator(AlertView view) {
		super("The alert view's state could not be read");
		this.view = view;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		(this.view.caughtUp() ? builder.up() : builder.down()).withDetail("alerts", this.view.size());
		if (!this.view.caughtUp() && this.view.behind() >= 0) {
			builder.withDetail("recordsBehind", this.view.behind());
		}
	}

}
