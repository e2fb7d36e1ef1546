package com.learnflow.struggle.alerts;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.Stream;

import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

import com.learnflow.struggle.operations.BoundedRocksDbMemory;

/**
 * The view's alerts in a local RocksDB that shares the detector's bounded block cache and
 * memtable budget, so that its memory stays the same however many alerts it holds; only
 * its files grow. Three indexes, as text keys:
 *
 * <ul>
 * <li>{@code u|<user_id>|<inverted detected_at>|<alert id>} → the partition key and the
 * alert's JSON: a student's alerts newest first, by one prefix scan;</li>
 * <li>{@code o|<partition>|<offset>} → the time it is kept from and the student key: the
 * alerts in the order of the topic, for {@code Last-Event-ID} and for expiry;</li>
 * <li>{@code i|<alert id>} → the partition key: an alert seen twice is kept once.</li>
 * </ul>
 *
 * <p>
 * Written by one thread (the view's reader), read by any. The database is a cache of the
 * topic: it is deleted and built again at every start, so it needs no write-ahead log.
 */
final class AlertStore implements AutoCloseable {

	static final String NAME = "alert-view";

	private static final int USER_KEY_LENGTH = "u|".length() + 36 + "|".length() + 19 + "|".length();

	private final FileLock lock;

	private final RocksDB db;

	private final Options options;

	private final WriteOptions writes;

	private final int perStudent;

	private final ReadWriteLock closing = new ReentrantReadWriteLock();

	private final AtomicLong size = new AtomicLong();

	/**
	 * For each partition, the offset up to which expiry has removed everything; the
	 * reader's thread only.
	 */
	private final Map<Integer, Long> expiredBefore = new HashMap<>();

	private boolean closed;

	private AlertStore(FileLock lock, RocksDB db, Options options, int perStudent) {
		this.lock = lock;
		this.db = db;
		this.options = options;
		this.writes = new WriteOptions().setDisableWAL(true);
		this.perStudent = perStudent;
	}

	/**
	 * Deletes whatever the directory holds and opens an empty store there, holding a lock
	 * file beside it so that a second process given the same state directory fails
	 * instead of deleting the first one's files.
	 */
	static AlertStore create(Path directory, int perStudent) throws IOException {
		RocksDB.loadLibrary();
		Path absolute = directory.toAbsolutePath();
		Files.createDirectories(absolute.getParent());
		FileChannel lockFile = FileChannel.open(absolute.resolveSibling(absolute.getFileName() + ".lock"),
				StandardOpenOption.CREATE, StandardOpenOption.WRITE);
		FileLock lock = lockFile.tryLock();
		if (lock == null) {
			lockFile.close();
			throw new IOException("Another process uses the alert view in " + absolute);
		}
		Options options = new Options().setCreateIfMissing(true);
		try {
			delete(absolute);
			Files.createDirectories(absolute);
			options.setTableFormatConfig(new BlockBasedTableConfig());
			// The detector's stores' settings: the shared block cache, which also holds
			// the memtables.
			new BoundedRocksDbMemory().setConfig(NAME, options, Map.of());
			options.setMaxLogFileSize(1024 * 1024).setKeepLogFileNum(2);
			return new AlertStore(lock, RocksDB.open(options, absolute.toString()), options, perStudent);
		}
		catch (RocksDBException | IOException | RuntimeException ex) {
			options.close();
			lockFile.close();
			throw new IOException("Could not open the alert view's RocksDB in " + absolute, ex);
		}
	}

	/**
	 * Keeps the alert, unless one with the same id is kept already; then removes the
	 * student's oldest alert if the student has more than the cap.
	 * @param keptFromMs the time the alert's retention counts from
	 * @return whether the alert was new
	 */
	boolean add(AlertRecord record, int partition, long offset, long keptFromMs) {
		return read(false, () -> {
			byte[] idKey = bytes(idKey(record.id()));
			if (this.db.get(idKey) != null) {
				return false;
			}
			UUID student = record.alert().userId();
			String offsetKey = offsetKey(partition, offset);
			String studentKey = studentKey(student, record.alert().detectedAt(), record.id());
			try (WriteBatch batch = new WriteBatch()) {
				batch.put(bytes(studentKey), (offsetKey + "\n" + record.json()).getBytes(StandardCharsets.UTF_8));
				batch.put(bytes(offsetKey), bytes(keptFromMs + "|" + studentKey));
				batch.put(idKey, bytes(offsetKey));
				this.db.write(this.writes, batch);
			}
			this.size.incrementAndGet();
			removeBeyondCap(student);
			return true;
		});
	}

	/**
	 * Removes, partition by partition in the order of the topic, the alerts kept from
	 * before the cutoff, up to the first one that is not.
	 * @return how many were removed
	 */
	int expire(long cutoffMs, Collection<Integer> partitions) {
		return read(0, () -> {
			int removed = 0;
			for (int partition : partitions) {
				long from = this.expiredBefore.getOrDefault(partition, 0L);
				try (ReadOptions read = new ReadOptions();
						Slice upper = new Slice(bytes(offsetKey(partition, Long.MAX_VALUE)));
						RocksIterator entries = iterator(read, upper)) {
					for (entries.seek(bytes(offsetKey(partition, from))); entries.isValid(); entries.next()) {
						String value = text(entries.value());
						int bar = value.indexOf('|');
						if (Long.parseLong(value, 0, bar, 10) >= cutoffMs) {
							break;
						}
						String offsetKey = text(entries.key());
						remove(value.substring(bar + 1), offsetKey);
						removed++;
						this.expiredBefore.put(partition, offsetOf(offsetKey) + 1);
					}
				}
			}
			return removed;
		});
	}

	/**
	 * The student's alerts (their JSON) detected at or after {@code since}, newest first,
	 * at most the cap.
	 */
	List<String> alertsOf(UUID student, Instant since) {
		return read(List.of(), () -> {
			List<String> alerts = new ArrayList<>();
			String prefix = studentPrefix(student);
			try (ReadOptions read = new ReadOptions();
					Slice upper = new Slice(bytes(upperBound(prefix)));
					RocksIterator entries = iterator(read, upper)) {
				for (entries.seek(bytes(prefix)); entries.isValid() && alerts.size() < this.perStudent; entries
					.next()) {
					if (detectedAt(text(entries.key())) < since.toEpochMilli()) {
						break;
					}
					String value = new String(entries.value(), StandardCharsets.UTF_8);
					alerts.add(value.substring(value.indexOf('\n') + 1));
				}
			}
			return alerts;
		});
	}

	/**
	 * The student's alerts that lie after {@code after} and at or before {@code upTo}, in
	 * partition and offset order.
	 */
	List<StoredAlert> alertsOf(UUID student, StreamPosition after, StreamPosition upTo) {
		return read(List.of(), () -> {
			List<StoredAlert> alerts = new ArrayList<>();
			String prefix = studentPrefix(student);
			try (ReadOptions read = new ReadOptions();
					Slice upper = new Slice(bytes(upperBound(prefix)));
					RocksIterator entries = iterator(read, upper)) {
				int seen = 0;
				for (entries.seek(bytes(prefix)); entries.isValid() && seen++ <= this.perStudent; entries.next()) {
					StoredAlert alert = stored(student, new String(entries.value(), StandardCharsets.UTF_8));
					if (!after.covers(alert.partition(), alert.offset())
							&& upTo.covers(alert.partition(), alert.offset())) {
						alerts.add(alert);
					}
				}
			}
			alerts.sort(Comparator.comparingInt(StoredAlert::partition).thenComparingLong(StoredAlert::offset));
			return alerts;
		});
	}

	/**
	 * At most {@code limit} alerts of the partition after offset {@code after} and at or
	 * before {@code upTo}, in order.
	 */
	List<StoredAlert> alertsIn(int partition, long after, long upTo, int limit) {
		if (after >= upTo) {
			return List.of();
		}
		return read(List.of(), () -> {
			List<StoredAlert> alerts = new ArrayList<>();
			try (ReadOptions read = new ReadOptions();
					Slice upper = new Slice(bytes(offsetKey(partition, upTo + 1)));
					RocksIterator entries = iterator(read, upper)) {
				for (entries.seek(bytes(offsetKey(partition, after + 1))); entries.isValid()
						&& alerts.size() < limit; entries.next()) {
					String value = text(entries.value());
					String studentKey = value.substring(value.indexOf('|') + 1);
					byte[] alert = this.db.get(bytes(studentKey));
					if (alert != null) {
						alerts.add(stored(UUID.fromString(studentKey.substring(2, 38)),
								new String(alert, StandardCharsets.UTF_8)));
					}
				}
			}
			return alerts;
		});
	}

	/** The alerts kept. */
	long size() {
		return this.size.get();
	}

	@Override
	public void close() {
		this.closing.writeLock().lock();
		try {
			if (!this.closed) {
				this.closed = true;
				this.db.close();
				this.writes.close();
				this.options.close();
				this.lock.channel().close();
			}
		}
		catch (IOException ex) {
			// The lock goes with the process anyway.
		}
		finally {
			this.closing.writeLock().unlock();
		}
	}

	private void removeBeyondCap(UUID student) throws RocksDBException {
		String prefix = studentPrefix(student);
		try (ReadOptions read = new ReadOptions();
				Slice upper = new Slice(bytes(upperBound(prefix)));
				RocksIterator entries = iterator(read, upper)) {
			int seen = 0;
			for (entries.seek(bytes(prefix)); entries.isValid(); entries.next()) {
				if (++seen > this.perStudent) {
					// One add puts at most one alert beyond the cap; stopping here keeps
					// the scan off the tombstones of
					// the alerts removed before, which lie further on.
					String value = new String(entries.value(), StandardCharsets.UTF_8);
					remove(text(entries.key()), value.substring(0, value.indexOf('\n')));
					return;
				}
			}
		}
	}

	private void remove(String studentKey, String offsetKey) throws RocksDBException {
		try (WriteBatch batch = new WriteBatch()) {
			batch.delete(bytes(studentKey));
			batch.delete(bytes(offsetKey));
			batch.delete(bytes(idKey(studentKey.substring(USER_KEY_LENGTH))));
			this.db.write(this.writes, batch);
		}
		this.size.decrementAndGet();
	}

	private RocksIterator iterator(ReadOptions read, Slice upper) {
		return this.db.newIterator(read.setIterateUpperBound(upper));
	}

	/**
	 * Runs the call unless the store is closed; the lock only keeps close() from freeing
	 * the database under it.
	 */
	private <T> T read(T whenClosed, RocksCall<T> call) {
		this.closing.readLock().lock();
		try {
			return this.closed ? whenClosed : call.run();
		}
		catch (RocksDBException ex) {
			throw new IllegalStateException("The alert view's RocksDB failed: " + ex.getMessage(), ex);
		}
		finally {
			this.closing.readLock().unlock();
		}
	}

	static String studentPrefix(UUID student) {
		return "u|" + student + "|";
	}

	static String studentKey(UUID student, Instant detectedAt, String id) {
		return studentPrefix(student) + padded(Long.MAX_VALUE - Math.max(0, detectedAt.toEpochMilli()), 19) + "|" + id;
	}

	static String offsetKey(int partition, long offset) {
		return "o|" + padded(partition, 10) + "|" + padded(offset, 19);
	}

	static String idKey(String id) {
		return "i|" + id;
	}

	private static long detectedAt(String studentKey) {
		return Long.MAX_VALUE - Long.parseLong(studentKey, USER_KEY_LENGTH - 20, USER_KEY_LENGTH - 1, 10);
	}

	private static long offsetOf(String offsetKey) {
		return Long.parseLong(offsetKey, offsetKey.length() - 19, offsetKey.length(), 10);
	}

	private static StoredAlert stored(UUID student, String studentValue) {
		int newline = studentValue.indexOf('\n');
		String offsetKey = studentValue.substring(0, newline);
		int partition = Integer.parseInt(offsetKey, 2, 12, 10);
		return new StoredAlert(partition, offsetOf(offsetKey), student, studentValue.substring(newline + 1));
	}

	private static String upperBound(String prefix) {
		return prefix.substring(0, prefix.length() - 1) + (char) (prefix.charAt(prefix.length() - 1) + 1);
	}

	private static String padded(long value, int width) {
		String digits = Long.toString(value);
		return "0".repeat(Math.max(0, width - digits.length())) + digits;
	}

	private static byte[] bytes(String key) {
		return key.getBytes(StandardCharsets.US_ASCII);
	}

	private static String text(byte[] bytes) {
		return new String(bytes, StandardCharsets.US_ASCII);
	}

	private static void delete(Path directory) throws IOException {
		if (!Files.exists(directory)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(directory)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(path);
			}
		}
	}

	@FunctionalInterface
	private interface RocksCall<T> {

		T run() throws RocksDBException;

	}

}
