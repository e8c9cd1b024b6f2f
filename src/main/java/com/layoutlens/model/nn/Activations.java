package com.layoutlens.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

import java.util.List;

/** The feed-forward activations of transformers' BERT-style models, by their config name. */
public final class Activations {

    /** The names we implement. */
    public static final List<String> NAMES = List.of("gelu", "gelu_new", "relu");

    private Activations() {
    }

    /** Applies the activation {@code name} (one of {@link #NAMES}). */
    public static NDArray apply(String name, NDArray x) {
        switch (name) {
            case "gelu":
                return Activation.gelu(x); // exact erf form, as torch.nn.functional.gelu
            case "gelu_new": {
                // 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))), transformers' NewGELUActivation
                NDArray inner = Scalars.mul(x.add(Scalars.mul(Scalars.pow(x, 3), 0.044715f)), (float) Math.sqrt(2.0 / Math.PI));
                return Scalars.mul(x, 0.5f).mul(inner.tanh().add(1f));
            }
            case "relu":
                return Activation.relu(x);
            default:
                throw new IllegalStateException("unsupported activation " + name);
        }
    }
}
