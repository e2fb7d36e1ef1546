package com.learnflow.kafka;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

/**
 * JSON is read exactly as written, as the documented schemas say: a string where a boolean or number belongs, a
 * fraction where a whole number belongs, a number or boolean where a string belongs, a null for a required
 * primitive, or text after the object is an error, never a silent conversion. Used by the ingest services for
 * requests and by the detector for input records.
 */
public final class StrictJson {

	private StrictJson() {
	}

	public static JsonMapper.Builder configure(JsonMapper.Builder builder) {
		return builder.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
			.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
			.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
			.disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
			// Jackson turns numbers and booleans into strings even without scalar coercion.
			.withCoercionConfig(LogicalType.Textual,
					(config) -> config.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
	}

}
