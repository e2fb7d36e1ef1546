package com.learnflow.exercise;

import com.learnflow.test.ContainerKafkaIntegrationTest;

@ContainerKafkaIntegrationTest
class ExerciseStartRoundTripContainerTests extends ExerciseStartRoundTripTests {

}
