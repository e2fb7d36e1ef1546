package com.learnflow.exercise;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Accepts exercise starts from the LearnFlow frontend and publishes them to {@code exercise.started}. */
@SpringBootApplication
public class ExerciseServiceApplication {

	public static void main(String[] args) {
		SpringApplication.run(ExerciseServiceApplication.class, args);
	}

}
