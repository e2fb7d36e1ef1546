package com.learnflow.ingest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;

import com.learnflow.kafka.StrictJson;
import com.learnflow.security.Scopes;

/**
 * Describes every ingest endpoint the same way, from one place: {@code 202} with where
 * the event was written, and the problem answers of {@link IngestProblemAdvice}. Request
 * bodies admit no field beyond those described.
 */
class IngestApiDescription implements OpenApiCustomizer {

	private static final String PROBLEM = "application/problem+json";

	private static final String BEARER = "bearer";

	private final String service;

	private final IngestProperties properties;

	IngestApiDescription(String service, IngestProperties properties) {
		this.service = service;
		this.properties = properties;
	}

	@Override
	public void customise(OpenAPI openApi) {
		openApi.getInfo()
			.title("LearnFlow Events: " + this.service)
			.version("v1")
			.description("Publishes one event per accepted request to its Kafka topic. Answers 202 only after the"
					+ " broker acknowledged the write (acks=all). Errors are RFC 9457 problem details.");
		openApi.getComponents().addSchemas("Problem", problemSchema());
		openApi.getComponents()
			.addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP)
				.scheme("bearer")
				.bearerFormat("JWT")
				.description("An OAuth 2.0 access token (JWT, RS256) of the platform's identity provider, with aud"
						+ " learnflow-events. Scopes (the scope claim): events:write posts events for any student;"
						+ " events:write:self posts only events whose user_id is the token's sub."));
		openApi.getComponents().getSchemas().forEach((name, schema) -> {
			if (name.endsWith("Request")) {
				schema.additionalProperties(Boolean.FALSE);
				describeForms(schema);
			}
		});
		openApi.getPaths().forEach((path, item) -> {
			if (path.startsWith(IngestAutoConfiguration.API_PREFIX) && item.getPost() != null) {
				if (path.endsWith(RequestBodyLimitFilter.BATCH_SUFFIX)) {
					PathItem single = openApi.getPaths()
						.get(path.substring(0, path.length() - RequestBodyLimitFilter.BATCH_SUFFIX.length()));
					describeBatch(item.getPost(), single.getPost().getRequestBody());
				}
				describe(item.getPost(), path.endsWith(RequestBodyLimitFilter.BATCH_SUFFIX));
			}
		});
	}

	private void describe(Operation operation, boolean batch) {
		ApiResponse ok = operation.getResponses().remove("200");
		Schema<?> answer = ok.getContent().values().iterator().next().getSchema();
		ApiResponses responses = new ApiResponses();
		if (batch) {
			responses.addApiResponse("202", new ApiResponse()
				.description("Accepted: every event of the batch is on its topic; results[] gives each one's event_id,"
						+ " partition and offset, in the batch's order")
				.content(json(answer)));
			responses.addApiResponse("207", new ApiResponse()
				.description("Multi-Status: some events were accepted, some refused; results[] gives each item's"
						+ " status, and a problem for each refused one (the problem its single request would get)")
				.content(json(answer)));
		}
		else {
			responses.addApiResponse("202",
					new ApiResponse().description("Accepted: the event is on its topic at this partition and offset")
						.content(json(answer)));
		}
		problems(batch).forEach((status, description) -> responses.addApiResponse(status,
				new ApiResponse().description(description).content(problem())));
		operation.setResponses(responses);
		// Either scope will do: two alternative requirements.
		operation.security(List.of(new SecurityRequirement().addList(BEARER, List.of(Scopes.EVENTS_WRITE)),
				new SecurityRequirement().addList(BEARER, List.of(Scopes.EVENTS_WRITE_SELF))));
		operation.getParameters()
			.stream()
			.filter((parameter) -> EventIngestion.IDEMPOTENCY_KEY.equals(parameter.getName()))
			.forEach((parameter) -> parameter
				.description("Makes a retry yield the same event_id instead of a new" + " event; 1 to "
						+ IdempotentAnswers.MAX_KEY_LENGTH
						+ " printable ASCII characters. Reusing a key for a different request is a 422.")
				.getSchema()
				.minLength(1)
				.maxLength(IdempotentAnswers.MAX_KEY_LENGTH));
	}

	/**
	 * The only forms {@link StrictJson} reads: UUIDs of 8-4-4-4-12 hex digits, RFC 3339
	 * with an offset.
	 */
	@SuppressWarnings("rawtypes")
	private static void describeForms(Schema<?> request) {
		Map<String, Schema> properties = request.getProperties();
		if (properties == null) {
			return;
		}
		properties.values().forEach((property) -> {
			if ("uuid".equals(property.getFormat())) {
				property.pattern("^" + StrictJson.UUID_FORM.pattern() + "$");
			}
			else if ("date-time".equals(property.getFormat())) {
				property.pattern("^" + StrictJson.OFFSET_DATE_TIME_FORM.pattern() + "$")
					.description("RFC 3339 with an offset and a four-digit year, such as 2026-12-01T10:30:00Z;"
							+ " within the event-time window (by default 7 days before to 5 minutes after the"
							+ " server's clock); set by the server when absent");
			}
		});
	}

	/**
	 * A batch's body is an array of the single endpoint's requests, of at most
	 * {@code maxEvents} items.
	 */
	private void describeBatch(Operation operation, RequestBody single) {
		Schema<?> item = single.getContent().values().iterator().next().getSchema();
		operation.requestBody(new RequestBody().required(true)
			.description("The events, each exactly as the single endpoint takes it: 1 to "
					+ this.properties.batch().maxEvents() + " items, at most "
					+ this.properties.batch().maxBodySize().toKilobytes() + " KiB. With an Idempotency-Key, item i"
					+ " stands for the key KEY#i: a retried batch yields the same event ids and publishes nothing"
					+ " twice.")
			.content(json(new ArraySchema().items(item).minItems(1).maxItems(this.properties.batch().maxEvents()))));
	}

	private Map<String, String> problems(boolean batch) {
		Map<String, String> problems = new LinkedHashMap<>();
		problems.put("400",
				batch ? "Malformed JSON, not an array, no item or more than " + this.properties.batch().maxEvents()
						+ ", or every item invalid (results[] gives each item's problem)"
						: "Malformed JSON, a field given twice, or invalid fields; errors[] names each field");
		problems.put("401", "No bearer token, or one that is not valid (signature, issuer, audience, expiry);"
				+ " WWW-Authenticate says why. Nothing was published");
		problems.put("403", "A valid token without events:write, or a student's token (events:write:self) for another"
				+ " student's user_id. Nothing was published");
		problems.put("413",
				"Request body larger than "
						+ (batch ? this.properties.batch().maxBodySize() : this.properties.maxBodySize()).toKilobytes()
						+ " KiB");
		problems.put("415", "Content type other than application/json");
		problems.put("422", "Idempotency-Key already used with a different request");
		problems.put("429",
				"The token's subject posted more than its rate limit allows; retry after Retry-After" + " seconds");
		if (batch) {
			problems.put("503", "Too many batches at once, or Kafka acknowledged none of the batch's events in time;"
					+ " retry after Retry-After seconds with the same Idempotency-Key");
			return problems;
		}
		problems.put("503", "Kafka did not acknowledge in time. The event may still have been written: retry after"
				+ " Retry-After seconds with the same Idempotency-Key, and send one with every request, so that a"
				+ " retry cannot duplicate the event");
		return problems;
	}

	private static Content json(Schema<?> schema) {
		return new Content().addMediaType(org.springframework.http.MediaType.APPLICATION_JSON_VALUE,
				new MediaType().schema(schema));
	}

	private static Content problem() {
		return new Content().addMediaType(PROBLEM,
				new MediaType().schema(new Schema<>().$ref("#/components/schemas/Problem")));
	}

	@SuppressWarnings({ "rawtypes", "unchecked" })
	private static Schema<?> problemSchema() {
		Schema fieldProblem = new Schema<>().type("object")
			.addProperty("field", new Schema<>().type("string"))
			.addProperty("message", new Schema<>().type("string"));
		return new Schema<>().type("object")
			.description("RFC 9457 problem details")
			.addProperty("type", new Schema<>().type("string"))
			.addProperty("title", new Schema<>().type("string"))
			.addProperty("status", new Schema<>().type("integer"))
			.addProperty("detail", new Schema<>().type("string"))
			.addProperty("instance", new Schema<>().type("string"))
			.addProperty("errors", new Schema<>().type("array").items(fieldProblem));
	}

}
