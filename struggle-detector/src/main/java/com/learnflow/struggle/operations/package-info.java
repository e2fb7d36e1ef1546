/**
 * Running the detector: its health and liveness, the consumer lag gauge, and the bound on
 * RocksDB's native memory.
 */
package com.learnflow.struggle.operations;
