package com.learnflow.struggle;

import com.learnflow.test.ContainerKafkaIntegrationTest;

@ContainerKafkaIntegrationTest
class StruggleDetectionRoundTripContainerTests extends StruggleDetectionRoundTripTests {

}
