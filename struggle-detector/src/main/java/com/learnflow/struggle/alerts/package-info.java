/**
 * The alerts' read side: each replica's local view of {@code struggle.detected}
 * (RocksDB), the read API and the Server-Sent Events stream of a student's alerts.
 */
package com.learnflow.struggle.alerts;
