/**
 * Evaluation of predicted word labels against gold ones: pairing files and words
 * ({@link com.layoutlens.eval.Matcher}), word-level confusion and per-type scores (tag prefixes
 * stripped), entity scores as seqeval computes them in its default and strict modes
 * ({@link com.layoutlens.eval.EntityScores}, checked against seqeval by SeqevalParityTest), field
 * values and exact match, the SROIE task-3 measure, model-versus-model
 * comparison with McNemar tests, the cause of each wrong word
 * ({@link com.layoutlens.eval.ErrorCauses}), suspected gold label errors by confident learning
 * on predicted tag probabilities ({@link com.layoutlens.eval.ConfidentLearning}), and the
 * post-processing rules with their effect.
 *
 * <p>Rules are a registry ({@link com.layoutlens.eval.Rules}): a rule type
 * ({@link com.layoutlens.eval.RuleType}) declares its name, its typed parameters
 * ({@link com.layoutlens.eval.RuleParameter}) and its factory, and the {@code --rules} parser,
 * the help, {@code stats} and the app's rule switches all read it (docs/extending.md).
 *
 * <p>Must not know: model internals or DJL (it reads label rows, whoever made them), the CLI,
 * the UI.
 */
package com.layoutlens.eval;
