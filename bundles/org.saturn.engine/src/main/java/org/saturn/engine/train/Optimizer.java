package org.saturn.engine.train;

/**
 * The optimiser: AdamW (Adam with decoupled weight decay, p -= lr * wd * p after the Adam step, as
 * PyTorch's AdamW), Adam, or plain SGD. Adam's betas and epsilon are PyTorch's defaults (0.9,
 * 0.999, 1e-8).
 */
public record Optimizer(Kind kind, double learningRate, double weightDecay) {

    public enum Kind { ADAMW, ADAM, SGD }

    public Optimizer {
        if (kind == null || !(learningRate > 0) || weightDecay < 0) {
            throw new IllegalArgumentException("kind, learning rate > 0 and weight decay >= 0 required");
        }
        if (kind != Kind.ADAMW && weightDecay != 0) {
            throw new IllegalArgumentException("weight decay is decoupled and only defined for AdamW");
        }
    }

    public static Optimizer adamW(double learningRate, double weightDecay) {
        return new Optimizer(Kind.ADAMW, learningRate, weightDecay);
    }

    public static Optimizer adam(double learningRate) {
        return new Optimizer(Kind.ADAM, learningRate, 0);
    }

    public static Optimizer sgd(double learningRate) {
        return new Optimizer(Kind.SGD, learningRate, 0);
    }

    /** The papers' optimiser: AdamW, lr 2e-3, weight decay 0.01. */
    public static Optimizer paper() {
        return adamW(2e-3, 0.01);
    }
}
