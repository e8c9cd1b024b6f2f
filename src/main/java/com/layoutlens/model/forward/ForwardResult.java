package com.layoutlens.model.forward;

import com.layoutlens.model.checkpoint.Tensor;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The outputs of one forward call, named as the safetensors file will name them, in order:
 * {@code logits} first, then {@code hidden_states.0}, {@code hidden_states.1}, ...
 */
public record ForwardResult(Map<String, Tensor> tensors) {

    public ForwardResult {
        tensors = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
    }

    public Tensor logits() {
        return tensors.get("logits");
    }
}
