package dev.ladder.trainer.model.fast;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A float32 ND4J array as the fast engine's kernels see it: the array itself (for ND4J operations and GEMM) and, when
 * host kernels run, its host memory as a buffer with the array's first element at {@code offset}.
 *
 * @param array  a c-ordered contiguous array (possibly a view into a flat buffer)
 * @param host   the whole underlying buffer's host memory, native byte order; null when kernels run as ND4J operations
 * @param offset index (in floats) of the array's first element in {@code host}
 * @param first  a pointer to the array's first element, for BLAS calls; null when kernels run as ND4J operations
 * @param cursor a second pointer into the same memory, moved to each matrix of a batched product in turn (a new
 *               pointer per matrix registered a JavaCPP deallocator each: 0.6 MB of garbage per step at width 16);
 *               null with {@code first}
 */
record Tensor(INDArray array, ByteBuffer host, int offset, FloatPointer first, FloatPointer cursor) {

    /** Wraps {@code array}, with its host memory when {@code hostKernels}. */
    static Tensor of(INDArray array, boolean hostKernels) {
        if (array.dataType() != DataType.FLOAT || array.ordering() != 'c') {
            throw new IllegalStateException("kernels need c-ordered float32 arrays, got " + array.shapeInfoToString());
        }
        int offset = Math.toIntExact(array.offset());
        if (!hostKernels) return new Tensor(array, null, offset, null, null);
        ByteBuffer host = array.data().asNio().order(ByteOrder.nativeOrder());
        FloatPointer first = new FloatPointer(host.asFloatBuffer());
        first.position(offset);
        return new Tensor(array, host, offset, first, new FloatPointer(host.asFloatBuffer()));
    }

    /** A new zero-filled tensor of this shape. */
    static Tensor zeros(boolean hostKernels, long... shape) {
        return of(Nd4j.zeros(DataType.FLOAT, shape), hostKernels);
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
