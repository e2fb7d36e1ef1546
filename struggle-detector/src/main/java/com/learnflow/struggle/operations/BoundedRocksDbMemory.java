package com.learnflow.struggle.operations;

import java.util.Map;

import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.Cache;
import org.rocksdb.IndexType;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteBufferManager;

/**
 * All the detector's RocksDB stores share one block cache of {@value #TOTAL_MB} MB, which
 * also holds their memtables (at most {@value #MEMTABLES_MB} MB) and index and filter
 * blocks, so that the process's memory stays bounded however many stores and partitions
 * it hosts (Kafka Streams' own defaults give each store its own 50 MB cache and up to
 * three 16 MB memtables).
 *
 * <p>
 * The pattern is the one of Kafka Streams' memory management guide; it is set through
 * {@code rocksdb.config.setter}.
 */
public class BoundedRocksDbMemory implements RocksDBConfigSetter {

	static final long TOTAL_MB = 32;

	static final long MEMTABLES_MB = 16;

	private static final long MB = 1024 * 1024;

	private static final int BLOOM_BITS_PER_KEY = 10;

	private static final long METADATA_BLOCK_BYTES = 4096;

	private static final double MEMTABLE_BLOOM_RATIO = 0.1;

	@Override
	public void setConfig(String storeName, Options options, Map<String, Object> configs) {
		BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
		table.setBlockCache(Shared.CACHE);
		table.setCacheIndexAndFilterBlocks(true);
		table.setCacheIndexAndFilterBlocksWithHighPriority(true);
		// Partitioned index and filters: a point lookup loads one small partition of an
		// SST file's Bloom filter, not
		// the whole filter (about 1.2 MB per million keys), which a small shared cache
		// would evict and read again.
		table.setIndexType(IndexType.kTwoLevelIndexSearch);
		table.setFilterPolicy(new BloomFilter(BLOOM_BITS_PER_KEY, false));
		table.setPartitionFilters(true);
		table.setMetadataBlockSize(METADATA_BLOCK_BYTES);
		table.setPinTopLevelIndexAndFilter(true);
		// A Bloom filter over each memtable's whole keys: a lookup of a key that is not
		// there (every new event id)
		// skips the memtables' skip lists.
		options.setMemtableWholeKeyFiltering(true);
		options.setMemtablePrefixBloomSizeRatio(MEMTABLE_BLOOM_RATIO);
		options.setWriteBufferManager(Shared.WRITE_BUFFERS);
		options.setMaxWriteBufferNumber(2);
		options.setWriteBufferSize(4 * MB);
		options.setTableFormatConfig(table);
	}

	@Override
	public void close(String storeName, Options options) {
		// The cache and the write buffer manager are shared by all stores; closing them
		// here would break the others.
	}

	/**
	 * The cache and the write buffer manager, made on the first store's configuration:
	 * Kafka Streams creates this setter before it loads RocksDB's native library. Never
	 * closed: they live as long as the process.
	 */
	private static final class Shared {

		static {
			RocksDB.loadLibrary();
		}

		static final Cache CACHE = new LRUCache(TOTAL_MB * MB, -1, false, 0.1);

		static final WriteBufferManager WRITE_BUFFERS = new WriteBufferManager(MEMTABLES_MB * MB, CACHE);

	}

}
