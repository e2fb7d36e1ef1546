package com.learnflow.struggle;

import com.learnflow.test.EmbeddedKafkaIntegrationTest;

@EmbeddedKafkaIntegrationTest
class StruggleDetectionRoundTripEmbeddedKafkaTests extends StruggleDetectionRoundTripTests {

}
