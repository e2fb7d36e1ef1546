package com.learnflow.kafka;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Group ids follow {@code {service}-{environment}-{purpose}}, and parts that would blur
 * that shape are refused.
 */
class ConsumerGroupIdTests {

	@ParameterizedTest(name = "{0} + {1} + {2} = {3}")
	@CsvSource({ "struggle-detector, local, detection, struggle-detector-local-detection",
			"struggle-detector, prod,  detection, struggle-detector-prod-detection",
			"analytics,         prod,  submissions, analytics-prod-submissions",
			"notifications,     dev,   struggles, notifications-dev-struggles" })
	void namesTheGroup(String service, String environment, String purpose, String groupId) {
		assertThat(new ConsumerGroupId(service, environment, purpose).value()).isEqualTo(groupId);
	}

	@ParameterizedTest(name = "refuses environment ''{0}''")
	@CsvSource({ "Prod", "prod env", "prod_1", "-prod", "prod-", "''" })
	void refusesAnEnvironmentThatIsNotLowerCaseWords(String environment) {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ConsumerGroupId("struggle-detector", environment, "detection"))
			.withMessageContaining("environment");
	}

	@ParameterizedTest
	@CsvSource({ "struggle-detector-prod-detection-student-states-changelog, true",
			"struggle-detector-prod-detection-activity-by-student-repartition, true",
			"struggle-detector-prod-detection.dlt, true", "struggle-detector-prod-detection, false",
			"struggle-detector-prod-detectionx-student-states-changelog, false",
			"struggle-detector-dev-detection-student-states-changelog, false", "code.executed.dlt, false" })
	void ownsItsStreamsInternalTopicsAndItsDeadLetterTopicOnly(String topic, boolean owned) {
		assertThat(ConsumerGroupId.detection("prod").ownsTopic(topic)).isEqualTo(owned);
	}

}
