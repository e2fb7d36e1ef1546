package com.learnflow.ingest;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import com.learnflow.events.EventText;

/**
 * A request's text field holds what its event may carry ({@link EventText}): no control
 * characters (a multi-line field may hold tab and line breaks), no unpaired surrogates,
 * at most {@code maxLength} characters counted as Unicode code points, as the schemas
 * count them. {@code null} is valid; use {@code @NotNull} or {@code @NotBlank} for a
 * required field.
 */
@Documented
@Constraint(validatedBy = TextField.Validator.class)
@Target({ ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT })
@Retention(RetentionPolicy.RUNTIME)
public @interface TextField {

	/** The most characters (code points) the text may have. */
	int maxLength();

	/** Whether tab, line feed and carriage return are allowed. */
	boolean multiline() default false;

	String message() default "is not valid text";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

	/** Says what is wrong with the text, in the words of {@link EventText}. */
	class Validator implements ConstraintValidator<TextField, String> {

		private int maxLength;

		private boolean multiline;

		@Override
		public void initialize(TextField field) {
			this.maxLength = field.maxLength();
			this.multiline = field.multiline();
		}

		@Override
		public boolean isValid(String value, ConstraintValidatorContext context) {
			String problem = (value != null) ? EventText.problem(value, this.maxLength, this.multiline) : null;
			if (problem == null) {
				return true;
			}
			context.disableDefaultConstraintViolation();
			// A message template interprets braces and dollars; the problem is plain
			// text.
			context.buildConstraintViolationWithTemplate(problem.replaceAll("([\\\\{}$])", "\\\\$1"))
				.addConstraintViolation();
			return false;
		}

	}

}
