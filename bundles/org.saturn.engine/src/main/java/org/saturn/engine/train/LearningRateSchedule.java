package org.saturn.engine.train;

/**
 * The factor by which the base learning rate is multiplied at update k (k = 1 for the first update).
 */
public sealed interface LearningRateSchedule {

    double factor(int update);

    static LearningRateSchedule constant() {
        return new Constant();
    }

    /** Linear warm-up to 1 at {@code warmup}, then sqrt(warmup / k) (the papers use 1000 steps). */
    static LearningRateSchedule inverseSqrt(int warmup) {
        return new InverseSqrt(warmup);
    }

    /** Linear warm-up, then half a cosine from 1 down to {@code minFactor} at {@code total}, flat after. */
    static LearningRateSchedule cosine(int warmup, int total, double minFactor) {
        return new Cosine(warmup, total, minFactor);
    }

    record Constant() implements LearningRateSchedule {
        @Override
        public double factor(int update) {
            return 1;
        }
    }

    record InverseSqrt(int warmup) implements LearningRateSchedule {
        public InverseSqrt {
            if (warmup < 1) {
                throw new IllegalArgumentException("warm-up must be >= 1 step");
            }
        }

        @Override
        public double factor(int update) {
            int k = Math.max(1, update);
            return Math.min(k / (double) warmup, Math.sqrt(warmup / (double) k));
        }
    }

    record Cosine(int warmup, int total, double minFactor) implements LearningRateSchedule {
        public Cosine {
            if (warmup < 0 || total <= warmup || minFactor < 0 || minFactor > 1) {
                throw new IllegalArgumentException("need 0 <= warmup < total and minFactor in [0, 1]");
            }
        }

        @Override
        public double factor(int update) {
            int k = Math.max(1, update);
            if (k <= warmup) {
                return k / (double) warmup;
            }
            double progress = Math.min(1, (k - warmup) / (double) (total - warmup));
            return minFactor + (1 - minFactor) * 0.5 * (1 + Math.cos(Math.PI * progress));
        }
    }
}
