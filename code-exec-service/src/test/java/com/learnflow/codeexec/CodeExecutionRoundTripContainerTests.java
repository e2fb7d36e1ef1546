package com.learnflow.codeexec;

import com.learnflow.test.ContainerKafkaIntegrationTest;

@ContainerKafkaIntegrationTest
class CodeExecutionRoundTripContainerTests extends CodeExecutionRoundTripTests {

}
