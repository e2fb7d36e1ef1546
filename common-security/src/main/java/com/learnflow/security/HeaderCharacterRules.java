package com.learnflow.security;

import java.util.function.Predicate;

import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * The firewall's rules for header names and values are exactly
 * {@link StrictHttpFirewall}'s defaults (every code point assigned and no control
 * character; a value may also hold tabs), checked in one loop instead of a regular
 * expression, which profiling showed running over the 700 characters of the bearer token
 * each time any filter read the {@code Authorization} header.
 */
final class HeaderCharacterRules {

	/** What {@link StrictHttpFirewall#ALLOWED_HEADER_NAMES} allows. */
	static final Predicate<String> NAMES = (name) -> allAllowed(name, false);

	/** What {@link StrictHttpFirewall#ALLOWED_HEADER_VALUES} allows. */
	static final Predicate<String> VALUES = (value) -> allAllowed(value, true);

	private HeaderCharacterRules() {
	}

	private static boolean allAllowed(String text, boolean tabAllowed) {
		for (int i = 0; i < text.length();) {
			char c = text.charAt(i);
			if (c >= ' ' && c < 0x7F) {
				i++;
				continue;
			}
			int codePoint = text.codePointAt(i);
			int type = Character.getType(codePoint);
			if (type == Character.UNASSIGNED || (type == Character.CONTROL && !(tabAllowed && c == '\t'))) {
				return false;
			}
			i += Character.charCount(codePoint);
		}
		return true;
	}

	/** Spring Security's strict firewall, with these rules for headers. */
	static StrictHttpFirewall firewall() {
		StrictHttpFirewall firewall = new StrictHttpFirewall();
		firewall.setAllowedHeaderNames(NAMES);
		firewall.setAllowedHeaderValues(VALUES);
		return firewall;
	}

}
