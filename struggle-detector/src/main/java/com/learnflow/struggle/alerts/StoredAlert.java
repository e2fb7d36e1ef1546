package com.learnflow.struggle.alerts;

import java.util.UUID;

/**
 * An alert of the view: where its record lies in {@code struggle.detected}, whose it is,
 * and its JSON.
 *
 * @param partition the record's partition
 * @param offset the record's offset
 * @param student the alert's {@code user_id}
 * @param json the alert, exactly the documented fields
 */
record StoredAlert(int partition, long offset, UUID student, String json) {
}
