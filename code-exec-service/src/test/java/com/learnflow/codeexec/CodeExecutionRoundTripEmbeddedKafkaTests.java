package com.learnflow.codeexec;

import com.learnflow.test.EmbeddedKafkaIntegrationTest;

@EmbeddedKafkaIntegrationTest
class CodeExecutionRoundTripEmbeddedKafkaTests extends CodeExecutionRoundTripTests {

}
