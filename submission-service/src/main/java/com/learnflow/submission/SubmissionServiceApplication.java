package com.learnflow.submission;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

import com.learnflow.events.EventTopic;
import com.learnflow.events.LearningSubmitted;
import com.learnflow.events.TopicCatalog;

/**
 * Accepts quiz and assignment submissions from the LearnFlow frontend and publishes them
 * to {@code learning.submitted}.
 */
@SpringBootApplication
public class SubmissionServiceApplication {

	public static void main(String[] args) {
		SpringApplication.run(SubmissionServiceApplication.class, args);
	}

	/** The topic every event this service takes is published to. */
	@Bean
	EventTopic<LearningSubmitted> publishedTopic() {
		return TopicCatalog.LEARNING_SUBMITTED;
	}

}
