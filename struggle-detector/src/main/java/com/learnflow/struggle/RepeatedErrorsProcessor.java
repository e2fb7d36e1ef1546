package com.learnflow.struggle;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

import com.learnflow.events.CodeExecuted;
import com.learnflow.events.StruggleDetected;

/** Keeps each student's failure streak in a fault-tolerant store and forwards the alerts of {@link RepeatedErrorsRule}. */
class RepeatedErrorsProcessor implements Processor<String, CodeExecuted, String, StruggleDetected> {

	static final String STORE = "repeated-errors-streaks";

	private final RepeatedErrorsRule rule;

	private ProcessorContext<String, StruggleDetected> context;

	private KeyValueStore<String, FailureStreak> streaks;

	RepeatedErrorsProcessor(RepeatedErrorsRule rule) {
		this.rule = rule;
	}

	@Override
	public void init(ProcessorContext<String, StruggleDetected> context) {
		this.context = context;
		this.streaks = context.getStateStore(STORE);
	}

	@Override
	public void process(Record<String, CodeExecuted> record) {
		FailureStreak streak = this.streaks.get(record.key());
		var outcome = this.rule.apply((streak != null) ? streak : FailureStreak.EMPTY, record.value(),
				record.timestamp());
		if (outcome.streak().size() == 0) {
			this.streaks.delete(record.key());
		}
		else {
			this.streaks.put(record.key(), outcome.streak());
		}
		outcome.alert().ifPresent((alert) -> this.context.forward(Alerts.record(alert, record)));
	}

}
