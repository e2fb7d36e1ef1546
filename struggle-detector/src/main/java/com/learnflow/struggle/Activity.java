package com.learnflow.struggle;

import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import com.learnflow.events.CodeExecuted;
import com.learnflow.events.ExerciseStarted;
import com.learnflow.events.LearningSubmitted;

/**
 * One thing a student did, read from any of the three input topics: exactly one of the events is set.
 *
 * @param eventId the input event's id, by which a repeated event is recognised
 * @param time the event's own time (epoch milliseconds)
 * @param arrival how far the producers' clock had come when the record was written: its timestamp, never ahead of
 * the detector's clock (epoch milliseconds; 0 in records of earlier versions)
 * @param submission a quiz or assignment submission
 * @param execution a code execution
 * @param exerciseStart an exercise start
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record Activity(@JsonProperty("event_id") String eventId, @JsonProperty("time") long time,
		@JsonProperty("arrival") long arrival,
		@JsonProperty("submission") LearningSubmitted submission,
		@JsonProperty("execution") CodeExecuted execution,
		@JsonProperty("exercise_start") ExerciseStarted exerciseStart) {

	static Activity of(String eventId, long time, long arrival, Object event) {
		return new Activity(eventId, time, arrival, (event instanceof LearningSubmitted s) ? s : null,
				(event instanceof CodeExecuted c) ? c : null, (event instanceof ExerciseStarted e) ? e : null);
	}

	UUID userId() {
		if (this.submission != null) {
			return this.submission.userId();
		}
		return (this.execution != null) ? this.execution.userId() : this.exerciseStart.userId();
	}

}
