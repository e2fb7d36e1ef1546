package com.learnflow.ingest;

import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import com.learnflow.ingest.FieldProblems.Rejection;
import com.learnflow.kafka.PublishedEvent;

/**
 * The answer to a batch: how many of its events were accepted and refused, and each
 * item's own outcome, in the order of the batch.
 *
 * @param accepted the items written to the topic (or written before, for a retried batch)
 * @param refused the items not written
 * @param results one per item, in order
 */
public record BatchAnswer(@JsonProperty("accepted") int accepted, @JsonProperty("refused") int refused,
		@JsonProperty("results") List<Item> results) {

	/**
	 * One item's outcome: {@code 202} with where its event was written, or a refusal with
	 * its problem.
	 *
	 * @param index the item's position in the batch, from 0
	 * @param status its HTTP status, as if it had been posted alone
	 * @param eventId the event's id, when accepted
	 * @param topic the topic written to, when accepted
	 * @param partition the partition written to, when accepted
	 * @param offset the record's offset, when accepted
	 * @param problem what is wrong, when refused
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Item(@JsonProperty("index") int index, @JsonProperty("status") int status,
			@JsonProperty("event_id") UUID eventId, @JsonProperty("topic") String topic,
			@JsonProperty("partition") Integer partition, @JsonProperty("offset") Long offset,
			@JsonProperty("problem") Problem problem) {

		static Item accepted(int index, PublishedEvent event) {
			return new Item(index, 202, event.eventId(), event.topic(), event.partition(), event.offset(), null);
		}

		static Item refused(int index, Problem problem) {
			return new Item(index, problem.status(), null, null, null, null, problem);
		}

		boolean isAccepted() {
			return this.status == 202;
		}

	}

	/**
	 * An item's problem, as a single request's problem answer would say it (RFC 9457
	 * members).
	 *
	 * @param title a short summary
	 * @param status the HTTP status
	 * @param detail what is wrong
	 * @param errors one entry per invalid field, for an invalid item
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Problem(@JsonProperty("title") String title, @JsonProperty("status") int status,
			@JsonProperty("detail") String detail, @JsonProperty("errors") List<FieldProblem> errors) {

		static Problem invalid(Rejection rejection) {
			return new Problem("Invalid request", 400, rejection.detail(), rejection.errors());
		}

	}

}
