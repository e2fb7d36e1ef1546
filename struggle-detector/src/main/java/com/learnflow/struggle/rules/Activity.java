package com.learnflow.struggle.rules;

import java.util.UUID;

import com.learnflow.events.CodeExecuted;
import com.learnflow.events.EventTopic;
import com.learnflow.events.ExerciseStarted;
import com.learnflow.events.LearnFlowEvent;
import com.learnflow.events.LearningSubmitted;
import com.learnflow.events.TopicCatalog;

/**
 * One thing a student did, read from one of the three input topics: a code execution, a
 * submission or an exercise start, each with the input event's id, its own time and its
 * arrival.
 */
public sealed interface Activity permits Activity.Execution, Activity.Submission, Activity.ExerciseStart {

	/** The input event's id, by which a repeated event is recognised. */
	String eventId();

	/** The event's own time (epoch milliseconds). */
	long time();

	/**
	 * How far the producers' clock had come when the record was written: its timestamp,
	 * never ahead of the detector's clock (epoch milliseconds; 0 in records of earlier
	 * versions).
	 */
	long arrival();

	/** The event as its topic carries it. */
	LearnFlowEvent event();

	/** The catalog topic the event came from. */
	EventTopic<?> topic();

	/** The student the event is about. */
	default UUID userId() {
		return event().userId();
	}

	/** The activity of an input event; a {@code struggle.detected} event is none. */
	static Activity of(String eventId, long time, long arrival, LearnFlowEvent event) {
		if (event instanceof CodeExecuted execution) {
			return new Execution(eventId, time, arrival, execution);
		}
		if (event instanceof LearningSubmitted submission) {
			return new Submission(eventId, time, arrival, submission);
		}
		if (event instanceof ExerciseStarted start) {
			return new ExerciseStart(eventId, time, arrival, start);
		}
		throw new IllegalArgumentException("a " + event.eventType() + " event is not a student's activity");
	}

	/** A code execution, from {@code code.executed}. */
	record Execution(String eventId, long time, long arrival, CodeExecuted event) implements Activity {

		@Override
		public EventTopic<CodeExecuted> topic() {
			return TopicCatalog.CODE_EXECUTED;
		}

	}

	/** A quiz or assignment submission, from {@code learning.submitted}. */
	record Submission(String eventId, long time, long arrival, LearningSubmitted event) implements Activity {

		@Override
		public EventTopic<LearningSubmitted> topic() {
			return TopicCatalog.LEARNING_SUBMITTED;
		}

	}

	/** An exercise start, from {@code exercise.started}. */
	record ExerciseStart(String eventId, long time, long arrival, ExerciseStarted event) implements Activity {

		@Override
		public EventTopic<ExerciseStarted> topic() {
			return TopicCatalog.EXERCISE_STARTED;
		}

	}

}
