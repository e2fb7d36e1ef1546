package com.learnflow.submission;

import com.learnflow.test.ContainerKafkaIntegrationTest;

@ContainerKafkaIntegrationTest
class SubmissionRoundTripContainerTests extends SubmissionRoundTripTests {

}
