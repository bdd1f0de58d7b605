package dev.ladder.trainer.model.fast;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A float32 ND4J array as the fast engine's kernels see it: the array itself (for ND4J operations and GEMM) and, when
 * host kernels run, its host memory as a buffer with the array's first element at {@code offset}.
 *
 * <p>{@code array}: a c-ordered contiguous array (possibly a view into a flat buffer). {@code host}: the whole
 * underlying buffer's host memory, native byte order; null when kernels run as ND4J operations. {@code offset}: index
 * (in floats) of the array's first element in {@code host}. {@code first}: a pointer to the array's first element,
 * for BLAS calls; null when kernels run as ND4J operations. The cursors are more pointers into the same memory, one
 * per thread of a split product, each moved to the part or the matrix it multiplies (a new pointer per matrix
 * registered a JavaCPP deallocator each: 0.6 MB of garbage per step at width 16).
 */
final class Tensor {

    private final INDArray array;
    private final ByteBuffer host;
    private final int offset;
    private final FloatPointer first;
    private FloatPointer[] cursors = new FloatPointer[0];

    private Tensor(INDArray array, ByteBuffer host, int offset, FloatPointer first) {
        this.array = array;
        this.host = host;
        this.offset = offset;
        this.first = first;
    }

    /** Wraps {@code array}, with its host memory when {@code hostKernels}. */
    static Tensor of(INDArray array, boolean hostKernels) {
        if (array.dataType() != DataType.FLOAT || array.ordering() != 'c') {
            throw new IllegalStateException("kernels need c-ordered float32 arrays, got " + array.shapeInfoToString());
        }
        int offset = Math.toIntExact(array.offset());
        if (!hostKernels) return new Tensor(array, null, offset, null);
        ByteBuffer host = array.data().asNio().order(ByteOrder.nativeOrder());
        FloatPointer first = new FloatPointer(host.asFloatBuffer());
        first.position(offset);
        return new Tensor(array, host, offset, first);
    }

    /** A new zero-filled tensor of this shape. */
    static Tensor zeros(boolean hostKernels, long... shape) {
        return of(Nd4j.zeros(DataType.FLOAT, shape), hostKernels);
    }

    INDArray array() {
        return array;
    }

    ByteBuffer host() {
        return host;
    }

    FloatPointer first() {
        return first;
    }

    /**
     * Makes {@link #cursor} answer for every part below {@code parts}. Called by the thread that splits a product,
     * before it hands the parts out, so the threads only read the array.
     */
    void ensureCursors(int parts) {
        if (cursors.length >= parts) return;
        FloatPointer[] more = Arrays.copyOf(cursors, parts);
        for (int part = cursors.length; part < parts; part++) more[part] = new FloatPointer(host.asFloatBuffer());
        cursors = more;
    }

    /** The cursor of part {@code part} of a split product ({@link #ensureCursors} first). */
    FloatPointer cursor(int part) {
        return cursors[part];
    }

    float get(int i) {
        return host.getFloat((offset + i) << 2);
    }

    void put(int i, float value) {
        host.putFloat((offset + i) << 2, value);
    }

    /** Byte position of element {@code i} in {@link #host}, for vector loads and stores. */
    int byteIndex(int i) {
        return (offset + i) << 2;
    }

    /** Elements in the array. */
    int length() {
        return Math.toIntExact(array.length());
    }
}
