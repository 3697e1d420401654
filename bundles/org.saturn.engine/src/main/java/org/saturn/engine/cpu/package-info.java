/**
 * Training on the CPU without a graph: each network's forward and backward pass written out over
 * Java arrays, matrix products in the OpenBLAS that ND4J's CPU backend ships ({@link Blas}),
 * element-wise work in plain loops the JIT vectorises. SameDiff's per-op bookkeeping and its
 * broadcast and reduction kernels cost 3-4x PyTorch's time on the small models of the case
 * studies; here a step is a few dozen BLAS calls and a few passes over the activations.
 * <p>
 * The networks compute the very functions of {@code model}'s SameDiff graphs (checked against their
 * outputs and gradients), on the same weight arrays. Training steps run here, and so do the
 * evaluation loss and decoding ({@link CpuInference}: forward only, in bounded passes, with a
 * key/value cache or carried state per sequence); checkpoints and reparametrisation use the
 * graphs' arrays, and the CUDA backend (or {@code -Dsaturn.evaluation=graph}) evaluates and
 * decodes through the graphs. A network without a forward-only pass ({@link CpuNetwork#inference})
 * falls back to the graphs.
 */
package org.saturn.engine.cpu;
