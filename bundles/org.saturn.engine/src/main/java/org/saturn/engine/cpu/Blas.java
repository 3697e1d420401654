package org.saturn.engine.cpu;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas;

/**
 * Row-major single-precision GEMM on Java arrays through OpenBLAS (the library ND4J's CPU backend
 * calls; one thread under {@code OMP_NUM_THREADS=1}). On the matrices of the case studies it runs
 * at 70-100 GFLOP/s on one core of the CI machine, including the array transfer; a Java loop
 * reaches 4-8.
 * <p>
 * The operands travel through native buffers kept per thread: passing Java arrays straight to
 * JavaCPP copies each of them in and back out and allocates every call, which cost as much as the
 * arithmetic on the LSTM's per-position products.
 */
public final class Blas {

    private Blas() {
    }

    /**
     * {@code c = alpha op(a) op(b) + beta c} with {@code op(a)} of shape [m, k], {@code op(b)} [k, n]
     * and {@code c} [m, n], all row-major and starting at index 0.
     */
    public static void gemm(boolean transposeA, boolean transposeB, int m, int n, int k, float alpha, float[] a,
            float[] b, float beta, float[] c) {
        gemm(transposeA, transposeB, m, n, k, alpha, a, BUFFERS.get().b.fill(b, k * n), beta, c);
    }

    /** As {@link #gemm(boolean, boolean, int, int, int, float, float[], float[], float, float[])} with b copied once. */
    public static void gemm(boolean transposeA, boolean transposeB, int m, int n, int k, float alpha, float[] a,
            Constant b, float beta, float[] c) {
        gemm(transposeA, transposeB, m, n, k, alpha, a, b.pointer, beta, c);
    }

    private static void gemm(boolean transposeA, boolean transposeB, int m, int n, int k, float alpha, float[] a,
            FloatPointer pb, float beta, float[] c) {
        int lda = transposeA ? m : k;
        int ldb = transposeB ? k : n;
        Buffers buffers = BUFFERS.get();
        FloatPointer pa = buffers.a.fill(a, m * k);
        FloatPointer pc = beta == 0f ? buffers.c.sized(m * n) : buffers.c.fill(c, m * n);
        openblas.cblas_sgemm(openblas.CblasRowMajor, transposeA ? openblas.CblasTrans : openblas.CblasNoTrans,
                transposeB ? openblas.CblasTrans : openblas.CblasNoTrans, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, n);
        pc.get(c, 0, m * n);
    }

    /**
     * The backward pass of {@code y = x W + b} ({@code x [rows, in]}, {@code W [in, out]}):
     * {@code dWeight += x^T dy}, {@code dBias += } the column sums of dy, {@code dx = dy W^T} (overwritten).
     * dy crosses into native memory once for all three, and the column sums are a product with a ones
     * vector (a Java loop over rows of dy does not vectorise: dBias might alias dy for the JIT).
     */
    public static void linearBackward(float[] x, float[] dy, int rows, int in, int out, float[] weight, float[] dWeight,
            float[] dBias, float[] dx) {
        Buffers buffers = BUFFERS.get();
        FloatPointer pdy = buffers.b.fill(dy, rows * out);
        FloatPointer px = buffers.a.fill(x, rows * in);
        FloatPointer pdw = buffers.c.fill(dWeight, in * out);
        openblas.cblas_sgemm(openblas.CblasRowMajor, openblas.CblasTrans, openblas.CblasNoTrans, in, out, rows, 1f, px, in,
                pdy, out, 1f, pdw, out);
        pdw.get(dWeight, 0, in * out);
        FloatPointer ones = buffers.ones(rows);
        FloatPointer pdb = buffers.c.fill(dBias, out);
        openblas.cblas_sgemv(openblas.CblasRowMajor, openblas.CblasTrans, rows, out, 1f, pdy, out, ones, 1, 1f, pdb, 1);
        pdb.get(dBias, 0, out);
        FloatPointer pw = buffers.a.fill(weight, in * out);
        FloatPointer pdx = buffers.c.sized(rows * in);
        openblas.cblas_sgemm(openblas.CblasRowMajor, openblas.CblasNoTrans, openblas.CblasTrans, rows, in, out, 1f, pdy, out,
                pw, out, 0f, pdx, in);
        pdx.get(dx, 0, rows * in);
    }

    /**
     * {@code c = alpha op(a) op(b) + beta c} on matrices inside native arrays: each starts at an
     * offset and has its own row stride (leading dimension), so the products of one attention head
     * read its columns of the staged q|k|v rows and write its columns of the output in place.
     */
    public static void gemm(boolean transposeA, boolean transposeB, int m, int n, int k, float alpha, Native a,
            int aOffset, int lda, Native b, int bOffset, int ldb, float beta, Native c, int cOffset, int ldc) {
        openblas.cblas_sgemm(openblas.CblasRowMajor, transposeA ? openblas.CblasTrans : openblas.CblasNoTrans,
                transposeB ? openblas.CblasTrans : openblas.CblasNoTrans, m, n, k, alpha, a.view(0, aOffset), lda,
                b.view(1, bOffset), ldb, beta, c.view(2, cOffset), ldc);
    }

    /**
     * A float array in native memory that grows to the largest length asked (never shrinks), for
     * operands that several products share: loaded from and stored to Java arrays explicitly.
     * Owned by one thread at a time.
     */
    public static final class Native {
        private FloatPointer pointer = new FloatPointer(0);
        /** Positioned copies of the pointer, one per operand role (a, b, c): one array may be two operands. */
        private final FloatPointer[] views = new FloatPointer[3];

        /** Makes room for {@code length} floats (the contents are undefined after growing). */
        public Native sized(int length) {
            if (pointer.capacity() < length) {
                pointer.close();
                pointer = new FloatPointer(length);
                java.util.Arrays.fill(views, null);
            }
            return this;
        }

        /** {@code this[0 .. length) = values[0 .. length)}. */
        public Native load(float[] values, int length) {
            sized(length).pointer.position(0).put(values, 0, length);
            return this;
        }

        /** {@code into[0 .. length) = this[0 .. length)}. */
        public void store(float[] into, int length) {
            pointer.position(0).get(into, 0, length);
        }

        private FloatPointer view(int role, int offset) {
            if (views[role] == null) {
                views[role] = new FloatPointer(pointer);
            }
            return views[role].position(offset);
        }
    }

    /**
     * A matrix copied to native memory once for many products (the LSTM's recurrent weights, used at
     * every position); it does not see later changes of the array. Close it after use.
     */
    public static final class Constant implements AutoCloseable {
        private final FloatPointer pointer;

        public Constant(float[] values) {
            this.pointer = new FloatPointer(values);
        }

        @Override
        public void close() {
            pointer.close();
        }
    }

    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

    private static final class Buffers {
        final Buffer a = new Buffer();
        final Buffer b = new Buffer();
        final Buffer c = new Buffer();
        /** A native vector of ones, grown as needed (column sums as a product). */
        private FloatPointer ones = new FloatPointer(0);

        FloatPointer ones(int length) {
            if (ones.capacity() < length) {
                ones.close();
                float[] values = new float[length];
                java.util.Arrays.fill(values, 1f);
                ones = new FloatPointer(values);
            }
            return ones;
        }
    }

    /** A native float buffer that grows to the largest operand seen (never shrinks: few, small sizes). */
    private static final class Buffer {
        private FloatPointer pointer = new FloatPointer(0);

        FloatPointer sized(int length) {
            if (pointer.capacity() < length) {
                pointer.close();
                pointer = new FloatPointer(length);
            }
            return pointer;
        }

        FloatPointer fill(float[] values, int length) {
            return sized(length).put(values, 0, length);
        }
    }

    /** {@code c = a b} (overwrites c). */
    public static void multiply(float[] a, float[] b, float[] c, int m, int k, int n) {
        gemm(false, false, m, n, k, 1f, a, b, 0f, c);
    }
}
