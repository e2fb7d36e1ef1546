package com.learnflow.ingest.example;

import com.learnflow.test.ContainerKafkaIntegrationTest;

@ContainerKafkaIntegrationTest
class SharedIngestBehaviourContainerTests extends SharedIngestBehaviourTests {

}
