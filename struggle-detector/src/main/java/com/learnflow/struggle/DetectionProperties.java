package com.learnflow.struggle;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The thresholds of the detection rules, under {@code learnflow.detection.*}.
 *
 * @param repeatedErrors the {@code repeated_errors} rule
 */
@ConfigurationProperties("learnflow.detection")
public record DetectionProperties(@DefaultValue RepeatedErrors repeatedErrors) {

	/**
	 * @param failures how many failed executions make a struggle
	 * @param window the time within which they must fall
	 */
	public record RepeatedErrors(@DefaultValue("3") int failures, @DefaultValue("10m") Duration window) {

		public RepeatedErrors {
			if (failures < 1) {
				throw new IllegalArgumentException("repeated-errors.failures must be at least 1 but was " + failures);
			}
		}

	}

}
