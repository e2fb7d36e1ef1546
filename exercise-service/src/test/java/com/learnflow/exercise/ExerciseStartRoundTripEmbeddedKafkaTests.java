package com.learnflow.exercise;

import com.learnflow.test.EmbeddedKafkaIntegrationTest;

@EmbeddedKafkaIntegrationTest
class ExerciseStartRoundTripEmbeddedKafkaTests extends ExerciseStartRoundTripTests {

}
