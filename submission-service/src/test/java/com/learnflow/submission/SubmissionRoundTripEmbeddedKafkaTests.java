package com.learnflow.submission;

import com.learnflow.test.EmbeddedKafkaIntegrationTest;

@EmbeddedKafkaIntegrationTest
class SubmissionRoundTripEmbeddedKafkaTests extends SubmissionRoundTripTests {

}
