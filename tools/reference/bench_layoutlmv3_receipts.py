"""LayoutLMv3 on real receipts, Java against transformers, in one run on the CPU.

A base-size LayoutLMv3 (transformers' LayoutLMv3Config() sizes: 12 layers of 768, both relative
attention biases, a 224-pixel page in 16-pixel patches; random weights, 5 SROIE labels) with
the byte-level BPE vocabulary of the repository's fixtures (src/test/resources/fixtures/
layoutlmv3/tokenizer, trained by make_layoutlmv3_fixtures.py on receipt text) and
LayoutLMv3ImageProcessor(apply_ocr=False) is saved into a temporary folder. Then, one after
the other, never at the same time:

1. Java (com.layoutlens.model.predict.ReceiptsBenchmark) labels the receipts of
   ../shared/sroie that have a scan with the product's predictor, as `predict` does: windows of
   at most 512 text tokens, sorted by length, batches of at most 8 windows by its plan, padded
   to their longest, each row with its receipt's page. It also writes the words, their
   normalised boxes and its windows' token ids.
2. transformers with LayoutLMv3TokenizerFast (words and boxes) and LayoutLMv3ImageProcessor on
   the same words, boxes and scans, the same windows (checked token for token against Java's),
   sorted by length over all receipts, batches of 8 padded to their longest ("Python dynamic").
3. transformers with a typical notebook's policy: every window padded to 512, batches of 8 in
   file order ("Python pad512").

Both sides use the same number of threads. Each line times one pass over every receipt, from
its words and scan to per-token classes (tokenization and windowing, page preparation,
padding, forward, softmax, arg-max), after warm-up batches that are not counted; latency is
per batch, from padded arrays and pages to classes.

    /work/venv-ref/bin/python tools/reference/bench_layoutlmv3_receipts.py [--threads 2] [--receipts 250]

Run it on an otherwise idle machine (it prints the load average before and after).
"""
import os
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import receipts_bench as rb  # noqa: E402

TOKENIZER = os.path.join(rb.ROOT, "src", "test", "resources", "fixtures", "layoutlmv3", "tokenizer")


class LayoutLMv3(rb.Family):
    title = "base-size LayoutLMv3"
    folder = "layoutlmv3-base-random"
    first_box = [0, 0, 0, 0]
    last_box = [0, 0, 0, 0]  # LayoutLMv3's processor boxes <s> and </s> with zeros
    reads_pages = True
    positions_after_pad = True

    def make_model(self, folder, seed):
        import torch
        from transformers import LayoutLMv3Config, LayoutLMv3ForTokenClassification, LayoutLMv3ImageProcessor
        torch.manual_seed(seed)
        # 514 positions as in microsoft/layoutlmv3-base (LayoutLMv3Config's own default, 512, leaves
        # 510 text tokens: positions start after pad_token_id)
        cfg = LayoutLMv3Config(max_position_embeddings=514, id2label=dict(enumerate(rb.LABELS)),
                               label2id={l: i for i, l in enumerate(rb.LABELS)})
        LayoutLMv3ForTokenClassification(cfg).eval().save_pretrained(folder)
        for name in ["vocab.json", "merges.txt", "tokenizer.json", "tokenizer_config.json"]:
            if os.path.exists(os.path.join(TOKENIZER, name)):
                shutil.copy(os.path.join(TOKENIZER, name), os.path.join(folder, name))
        LayoutLMv3ImageProcessor(apply_ocr=False).save_pretrained(folder)

    def load(self, folder, args):
        from transformers import LayoutLMv3ForTokenClassification, LayoutLMv3ImageProcessor, LayoutLMv3TokenizerFast
        model = LayoutLMv3ForTokenClassification.from_pretrained(folder, attn_implementation=args.attn).float().eval()
        return LayoutLMv3TokenizerFast.from_pretrained(folder), LayoutLMv3ImageProcessor.from_pretrained(folder), model

    def forward(self, model, ids, bbox, mask, pixels):
        return model(input_ids=ids, bbox=bbox, attention_mask=mask, pixel_values=pixels).logits


if __name__ == "__main__":
    rb.main(LayoutLMv3(), __doc__)
