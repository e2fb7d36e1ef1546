package com.learnflow.struggle.stream;

import com.fasterxml.jackson.annotation.JsonProperty;

import com.learnflow.events.CodeExecuted;
import com.learnflow.events.ExerciseStarted;
import com.learnflow.events.LearnFlowEvent;
import com.learnflow.events.LearningSubmitted;
import com.learnflow.struggle.rules.Activity;

/**
 * A repartition record as versions before {@link ActivityFormat} wrote it, in JSON or
 * Smile: exactly one of the three events is set. Read only, so that a detector upgrades
 * over the backlog of the one before it.
 *
 * @param eventId the input event's id
 * @param time the event's own time (epoch milliseconds)
 * @param arrival the record's arrival (epoch milliseconds; absent, so 0, in the oldest
 * records)
 * @param submission a submission, or {@code null}
 * @param execution a code execution, or {@code null}
 * @param exerciseStart an exercise start, or {@code null}
 */
record EarlierActivity(@JsonProperty("event_id") String eventId, @JsonProperty("time") long time,
		@JsonProperty("arrival") long arrival, @JsonProperty("submission") LearningSubmitted submission,
		@JsonProperty("execution") CodeExecuted execution,
		@JsonProperty("exercise_start") ExerciseStarted exerciseStart) {

	Activity toActivity() {
		LearnFlowEvent event = (this.execution != null) ? this.execution
				: (this.submission != null) ? this.submission : this.exerciseStart;
		if (this.eventId == null || event == null) {
			throw new IllegalArgumentException("an earlier activity without an event id or an event");
		}
		return Activity.of(this.eventId, this.time, this.arrival, event);
	}

}
