package com.layoutlens.model.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.lang.reflect.Field;
import java.lang.reflect.Method;

/**
 * A read-only file mapped into memory in chunks, since one {@link MappedByteBuffer} cannot
 * exceed 2 GiB. Consecutive chunks overlap by a few bytes so that an element starting in a
 * chunk always ends in it too, whatever the alignment of the data in the file.
 *
 * <p>Only absolute reads on shared buffers and private views are used: concurrent reads are safe.
 * Reads run between {@link #acquire()} and {@link #release()}; {@link #close()} waits for them,
 * then unmaps the file at once (where the JDK allows it) rather than when the garbage collector
 * gets round to it, so the memory and, on Windows, the file lock go with the close.
 */
final class MappedFile implements AutoCloseable {

    static final long DEFAULT_CHUNK = 1L << 30;
    private static final int OVERLAP = 16;

    private final Path path;
    private final long size;
    private final long chunk;
    private final ByteBuffer[] little;
    private final ByteBuffer[] big;
    private final MappedByteBuffer[] maps;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private volatile boolean closed;

    private MappedFile(Path path, long size, long chunk, MappedByteBuffer[] maps, ByteBuffer[] little,
            ByteBuffer[] big) {
        this.path = path;
        this.maps = maps;
        this.size = size;
        this.chunk = chunk;
        this.little = little;
        this.big = big;
    }

    static MappedFile open(Path path) throws CheckpointException {
        return open(path, DEFAULT_CHUNK);
    }

    /** Opens with a given chunk size; small chunks let tests cross chunk borders with tiny files. */
    static MappedFile open(Path path, long chunk) throws CheckpointException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = ch.size();
            int n = (int) Math.max(1, (size + chunk - 1) / chunk);
            ByteBuffer[] le = new ByteBuffer[n];
            ByteBuffer[] be = new ByteBuffer[n];
            MappedByteBuffer[] maps = new MappedByteBuffer[n];
            for (int i = 0; i < n; i++) {
                long start = i * chunk;
                long len = Math.min(size, start + chunk + OVERLAP) - start;
                MappedByteBuffer m = ch.map(FileChannel.MapMode.READ_ONLY, start, len);
                maps[i] = m;
                le[i] = m.duplicate().order(ByteOrder.LITTLE_ENDIAN);
                be[i] = m.duplicate().order(ByteOrder.BIG_ENDIAN);
            }
            // the mapping stays valid after the channel is closed
            return new MappedFile(path, size, chunk, maps, le, be);
        } catch (IOException e) {
            throw new CheckpointException(path, null, "cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    Path path() {
        return path;
    }

    long size() {
        return size;
    }

    /**
     * A private view starting at {@code offset} with at most {@code maxLength} bytes; it may be
     * shorter at a chunk border but always holds at least min(maxLength, 9) bytes.
     */
    ByteBuffer window(long offset, long maxLength, ByteOrder order) throws CheckpointException {
        checkOpen();
        if (offset < 0 || offset > size) {
            throw new IllegalArgumentException("offset " + offset + " outside " + size);
        }
        int i = (int) Math.min(offset / chunk, little.length - 1);
        ByteBuffer b = (order == ByteOrder.LITTLE_ENDIAN ? little : big)[i];
        int start = (int) (offset - i * chunk);
        int end = (int) Math.min(b.capacity(), start + Math.min(maxLength, Integer.MAX_VALUE));
        return b.duplicate().position(start).limit(end).slice().order(order);
    }

    /** Copies bytes into a new array (for small structures such as headers and pickles). */
    byte[] bytes(long offset, int length) throws CheckpointException {
        byte[] out = new byte[length];
        int done = 0;
        while (done < length) {
            ByteBuffer w = window(offset + done, length - done, ByteOrder.LITTLE_ENDIAN);
            int k = Math.min(w.remaining(), length - done);
            w.get(out, done, k);
            done += k;
        }
        return out;
    }

    /** The chunk buffer that holds the element at {@code offset}; index into it with {@link #rel}. */
    ByteBuffer chunkAt(long offset, ByteOrder order) {
        int i = (int) Math.min(offset / chunk, little.length - 1);
        return (order == ByteOrder.LITTLE_ENDIAN ? little : big)[i];
    }

    int rel(long offset) {
        return (int) (offset - Math.min(offset / chunk, little.length - 1) * chunk);
    }

    void checkOpen() throws CheckpointException {
        if (closed) {
            throw new CheckpointException(path, null, path + " is closed");
        }
    }

    /** Starts a read: the mapping stays valid until the matching {@link #release()}. */
    void acquire() throws CheckpointException {
        lock.readLock().lock();
        if (closed) {
            lock.readLock().unlock();
            throw new CheckpointException(path, null, path + " is closed");
        }
    }

    void release() {
        lock.readLock().unlock();
    }

    /** Waits for running reads, then unmaps; later reads fail with a message instead of crashing. */
    @Override
    public void close() {
        if (lock.getReadHoldCount() > 0) {
            // a read of this thread was cut off before it could end (a fault in the mapping, as when the
            // file shrinks while it is read, is raised wherever the thread is): waiting for it would wait
            // for ever, so the mapping is left to the garbage collector and later reads fail cleanly
            closed = true;
            return;
        }
        lock.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            for (MappedByteBuffer m : maps) {
                Unmapper.unmap(m);
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Frees a mapping now through the JDK's unsupported but stable hook; if absent, the GC frees it later. */
    private static final class Unmapper {
        private static final Object UNSAFE;
        private static final Method INVOKE_CLEANER;

        static {
            Object unsafe = null;
            Method m = null;
            try {
                Class<?> c = Class.forName("sun.misc.Unsafe");
                Field f = c.getDeclaredField("theUnsafe");
                f.setAccessible(true);
                unsafe = f.get(null);
                m = c.getMethod("invokeCleaner", ByteBuffer.class);
            } catch (ReflectiveOperationException | RuntimeException e) {
                unsafe = null;
                m = null;
            }
            UNSAFE = unsafe;
            INVOKE_CLEANER = m;
        }

        static void unmap(MappedByteBuffer b) {
            if (INVOKE_CLEANER == null) {
                return;
            }
            try {
                INVOKE_CLEANER.invoke(UNSAFE, b);
            } catch (ReflectiveOperationException | RuntimeException e) {
                // left to the garbage collector
            }
        }
    }
}
