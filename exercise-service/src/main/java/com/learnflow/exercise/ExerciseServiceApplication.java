package com.learnflow.exercise;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

import com.learnflow.events.EventTopic;
import com.learnflow.events.ExerciseStarted;
import com.learnflow.events.TopicCatalog;

/**
 * Accepts exercise starts from the LearnFlow frontend and publishes them to
 * {@code exercise.started}.
 */
@SpringBootApplication
public class ExerciseServiceApplication {

	public static void main(String[] args) {
		SpringApplication.run(ExerciseServiceApplication.class, args);
	}

	/** The topic every event this service takes is published to. */
	@Bean
	EventTopic<ExerciseStarted> publishedTopic() {
		return TopicCatalog.EXERCISE_STARTED;
	}

}
