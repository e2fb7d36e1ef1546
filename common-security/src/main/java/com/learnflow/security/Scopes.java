package com.learnflow.security;

/**
 * The scopes of the standard {@code scope} claim that LearnFlow Events knows, and what
 * each allows.
 */
public final class Scopes {

	/**
	 * The frontend acting for a logged-in student ({@code sub} = the student's user_id):
	 * post her own events.
	 */
	public static final String EVENTS_WRITE_SELF = "events:write:self";

	/** Trusted services (the code sandbox, the grader): post events for any student. */
	public static final String EVENTS_WRITE = "events:write";

	/** The frontend for a student: read and stream only that student's alerts. */
	public static final String STRUGGLES_READ_SELF = "struggles:read:self";

	/**
	 * Instructors' tools, the hint service: read any student's alerts, and the stream of
	 * all students.
	 */
	public static final String STRUGGLES_READ = "struggles:read";

	/**
	 * Operators: see the details of {@code /actuator/health}; anonymous callers see
	 * statuses only.
	 */
	public static final String OPS_READ = "ops:read";

	private Scopes() {
	}

	/** The Spring Security authority of a scope. */
	public static String authority(String scope) {
		return "SCOPE_" + scope;
	}

}
