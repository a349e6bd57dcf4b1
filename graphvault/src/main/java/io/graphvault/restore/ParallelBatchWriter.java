package io.graphvault.restore;

import io.graphvault.internal.Failures;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import org.neo4j.driver.Session;

/**
 * Collects rows into batches (full by count or by bytes) and hands them to writer threads,
 * each with its own session, through short queues: reading and decoding the next batch
 * overlaps with the database writing the last one, and memory holds a few batches at most.
 * Without a partition any writer takes the next batch; with one, each row goes to the writer
 * its partition names, so rows of one partition are written by one writer, in order.
 * {@link #close()} waits for every batch to be written and rethrows the first failure.
 *
 * <p>Why a bean and not a parallel split, seda or an aggregator in the route: a write batch is not
 * a file (it is cut at {@code batchSize} rows or {@link #MAX_BATCH_BYTES}, whichever comes first,
 * across file ends), a relationship batch may not end inside a group of parallel relationships
 * (up to {@link #MAX_GROUP_FACTOR} times its size), and the writer of a lane carries what its last
 * batch claimed into the next one ({@link RelationshipLanes}). An aggregator with a correlation per
 * lane and a size-and-bytes completion could hold the first two, but not the third, which needs
 * one thread per lane; the route shows the files and the phases, this class the writers.
 */
final class ParallelBatchWriter<T> implements AutoCloseable {
    /**
     * A batch waits for its group to end up to this many times its size in rows and bytes; a
     * larger group is split (memory comes first), and the next batch's writer carries on from it.
     */
    static final int MAX_GROUP_FACTOR = 4;
    /** A batch is full at this many bytes of records, whatever its row count: embeddings make rows large. */
    static final long MAX_BATCH_BYTES = 4L << 20;

    private final int maxRows;
    private final ToIntFunction<T> partition;
    private final Function<T, Object> group;
    private final List<BlockingQueue<List<T>>> queues = new ArrayList<>();
    private final List<List<T>> rows = new ArrayList<>();
    private final long[] bytes;
    private final List<Thread> writers = new ArrayList<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private boolean closed;

    ParallelBatchWriter(Supplier<Session> sessions, int maxRows, int writerCount, BiConsumer<Session, List<T>> sink) {
        this(sessions, maxRows, writerCount, null, sink);
    }

    ParallelBatchWriter(Supplier<Session> sessions, int maxRows, int writerCount, ToIntFunction<T> partition,
            BiConsumer<Session, List<T>> sink) {
        this(sessions, maxRows, writerCount, partition, null, sink);
    }

    /**
     * {@code partition}: null, or a row's partition; rows of equal partitions share a writer.
     * {@code group}: null, or a row's group; a full batch waits for its group to end (up to
     * {@link #MAX_GROUP_FACTOR} times its size), so consecutive rows of one group share a batch.
     */
    ParallelBatchWriter(Supplier<Session> sessions, int maxRows, int writerCount, ToIntFunction<T> partition, Function<T, Object> group,
            BiConsumer<Session, List<T>> sink) {
        this.maxRows = maxRows;
        this.partition = partition;
        this.group = group;
        int lanes = partition == null ? 1 : writerCount;
        // as many batches waiting either way: writerCount + 1 in one shared queue, or one per writer
        int waiting = partition == null ? writerCount + 1 : 1;
        for (int i = 0; i < lanes; i++) {
            queues.add(new ArrayBlockingQueue<>(waiting));
            rows.add(new ArrayList<>());
        }
        this.bytes = new long[lanes];
        for (int i = 0; i < writerCount; i++) {
            BlockingQueue<List<T>> queue = queues.get(i % lanes);
            Thread t = new Thread(() -> drain(sessions, queue, sink), "graphvault-writer-" + i);
            t.setDaemon(true);
            t.start();
            writers.add(t);
        }
    }

    /**
     * Runs until its end-of-work marker; after a failure (an Error too, out of memory included) it
     * skips the remaining batches, so that the reader, which hands it batches until the end, never
     * waits for a writer that is gone.
     */
    private void drain(Supplier<Session> sessions, BlockingQueue<List<T>> queue, BiConsumer<Session, List<T>> sink) {
        try {
            try (Session s = sessions.get()) {
                takeUntilEnd(queue, batch -> sink.accept(s, batch));
            } catch (RuntimeException | Error e) {
                failure.compareAndSet(null, e);
                takeUntilEnd(queue, batch -> { });
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void takeUntilEnd(BlockingQueue<List<T>> queue, Consumer<List<T>> write) throws InterruptedException {
        while (true) {
            List<T> batch = queue.take();
            if (batch.isEmpty()) {
                return;
            }
            if (failure.get() == null) {
                write.accept(batch);
            }
        }
    }

    void add(T row, int size) {
        int lane = partition == null ? 0 : lane(partition.applyAsInt(row), queues.size());
        List<T> batch = rows.get(lane);
        if (batch.size() >= maxRows || bytes[lane] >= MAX_BATCH_BYTES) {
            boolean sameGroup = group != null && !batch.isEmpty() && batch.size() < (long) maxRows * MAX_GROUP_FACTOR
                    && bytes[lane] < MAX_BATCH_BYTES * MAX_GROUP_FACTOR
                    && group.apply(row).equals(group.apply(batch.get(batch.size() - 1)));
            if (!sameGroup) {
                flush(lane);
                batch = rows.get(lane);
            }
        }
        batch.add(row);
        bytes[lane] += size;
    }

    /** The lane (writer) of a row of {@code partition}: equal partitions, equal lanes. */
    static int lane(int partition, int lanes) {
        return Math.floorMod(partition, lanes);
    }

    void flush() {
        for (int lane = 0; lane < queues.size(); lane++) {
            flush(lane);
        }
    }

    private void flush(int lane) {
        rethrow();
        if (!rows.get(lane).isEmpty()) {
            put(queues.get(lane), rows.get(lane));
            rows.set(lane, new ArrayList<>());
            bytes[lane] = 0;
        }
    }

    private void put(BlockingQueue<List<T>> queue, List<T> batch) {
        try {
            while (!queue.offer(batch, 100, TimeUnit.MILLISECONDS)) {
                if (writers.stream().noneMatch(Thread::isAlive)) {
                    rethrow();
                    throw new IllegalStateException("every restore writer has stopped");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while handing a batch to a writer", e);
        }
    }

    /** A writer's failure, raised where the rows are read: it is about an earlier batch, not the current record. */
    private void rethrow() {
        Throwable e = failure.get();
        if (e != null) {
            throw Failures.unchecked(e);
        }
    }

    /** Writes what is left, waits for the writers and rethrows the first failure. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (failure.get() == null) {
                flush();
            }
        } finally {
            stopWriters();
        }
        rethrow();
    }

    /**
     * After a failure elsewhere (a file that cannot be read): the rows not yet handed over are
     * dropped (the restore failed and is run again), and the writers finish what they hold and
     * stop. Does nothing after {@link #close}.
     */
    void abort() {
        if (!closed) {
            closed = true;
            stopWriters();
        }
    }

    private void stopWriters() {
        for (int i = 0; i < writers.size(); i++) {
            put(queues.get(i % queues.size()), List.of());
        }
        for (Thread t : writers) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
