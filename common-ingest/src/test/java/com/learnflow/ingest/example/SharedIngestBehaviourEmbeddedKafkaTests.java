package com.learnflow.ingest.example;

import com.learnflow.test.EmbeddedKafkaIntegrationTest;

@EmbeddedKafkaIntegrationTest
class SharedIngestBehaviourEmbeddedKafkaTests extends SharedIngestBehaviourTests {

}
