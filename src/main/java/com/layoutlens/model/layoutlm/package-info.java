/**
 * LayoutLM (v1) token classification on DJL, numerically equal to Hugging Face
 * transformers' {@code LayoutLMForTokenClassification} in float32 (the parity tests find
 * differences below 1e-6 on logits and every hidden state).
 *
 * <ul>
 *   <li>{@link com.layoutlens.model.layoutlm.LayoutLMConfig}: {@code config.json}, any size;</li>
 *   <li>{@link com.layoutlens.model.layoutlm.LayoutLMForTokenClassification}: the blocks
 *       (embeddings, BERT post-LN encoder, classifier), weights named as in transformers;</li>
 *   <li>{@link com.layoutlens.model.layoutlm.LayoutLMModel}: a model folder loaded onto a device,
 *       with a report of loaded, fresh, ignored and unexpected tensors;</li>
 *   <li>{@link com.layoutlens.model.layoutlm.LayoutLMFamily}: the family's entry in the registry;
 *       receipts become word labels in the family-neutral {@code model.predict}.</li>
 * </ul>
 *
 * <p>Words become model inputs in {@link com.layoutlens.model.encode}. The fixtures the tests
 * compare against are made by {@code tools/reference/make_layoutlm_fixtures.py}; the speed
 * comparison with transformers is {@code LayoutLMBenchmark} (test sources) beside
 * {@code tools/reference/bench_layoutlm.py}.
 *
 * <p>Must not know evaluation, training (which adapts this family in {@code train}) or the
 * front ends.
 */
package com.layoutlens.model.layoutlm;
