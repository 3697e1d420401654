package org.saturn.engine.cpu;

import org.bytedeco.openblas.global.openblas;

/**
 * Row-major single-precision GEMM on Java arrays through OpenBLAS (the library ND4J's CPU backend
 * calls; one thread under {@code OMP_NUM_THREADS=1}). On the matrices of the case studies it runs
 * at 70-100 GFLOP/s on one core of the CI machine, including the array transfer; a Java loop
 * reaches 4-8.
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
        int lda = transposeA ? m : k;
        int ldb = transposeB ? k : n;
        openblas.cblas_sgemm(openblas.CblasRowMajor, transposeA ? openblas.CblasTrans : openblas.CblasNoTrans,
                transposeB ? openblas.CblasTrans : openblas.CblasNoTrans, m, n, k, alpha, a, lda, b, ldb, beta, c, n);
    }

    /** {@code c = a b} (overwrites c). */
    public static void multiply(float[] a, float[] b, float[] c, int m, int k, int n) {
        gemm(false, false, m, n, k, 1f, a, b, 0f, c);
    }
}
