"""Check that a model folder written by LayoutLens training loads in transformers, and
record transformers' outputs for the Java side to match.

    /work/venv-ref/bin/python tools/reference/make_trained_model_check.py MODEL_DIR OUT.safetensors

Loads MODEL_DIR with LayoutLMForTokenClassification.from_pretrained and its tokenizer with
AutoTokenizer (the fast one, from tokenizer.json), runs a fixed random batch (seed 0:
2 rows of 48 tokens, the second padded after 38) and tokenizes a fixed word list. Writes
OUT.safetensors with input_ids, bbox, attention_mask, logits (float32) and word_ids (the
sub-token ids of WORDS, int64); the word list travels in the metadata. The Java test
(TrainedModelParityTest) runs the same inputs through our loader and compares.
"""
import json
import sys

import torch
from safetensors.torch import save_file
from transformers import AutoTokenizer, LayoutLMForTokenClassification

WORDS = ["TOTAL", "RM12.50", "Café", "GST:", "12/03/2019", "SDN.", "BHD", "Jalan", "No.", "88,",
         "ROUNDING", "CASH", "Tel:", "03-1234", "Invoice#", "QTY", "x2", "(M)", "@", "THANK"]


def main(model_dir, out):
    model = LayoutLMForTokenClassification.from_pretrained(model_dir)
    model.eval()
    tok = AutoTokenizer.from_pretrained(model_dir)
    cfg = model.config
    g = torch.Generator().manual_seed(0)
    batch, length, pad_from = 2, 48, 38
    ids = torch.randint(0, cfg.vocab_size, (batch, length), generator=g)
    x0 = torch.randint(0, 900, (batch, length), generator=g)
    y0 = torch.randint(0, 900, (batch, length), generator=g)
    w = torch.randint(0, 100, (batch, length), generator=g)
    h = torch.randint(0, 100, (batch, length), generator=g)
    bbox = torch.stack([x0, y0, x0 + w, y0 + h], dim=-1)
    mask = torch.ones(batch, length, dtype=torch.long)
    mask[1, pad_from:] = 0
    ids[1, pad_from:] = cfg.pad_token_id
    bbox[1, pad_from:] = 0
    with torch.no_grad():
        logits = model(input_ids=ids, bbox=bbox, attention_mask=mask).logits
    enc = tok(WORDS, is_split_into_words=True, add_special_tokens=False)
    word_ids = torch.tensor(enc["input_ids"], dtype=torch.long)
    save_file({"input_ids": ids.contiguous(), "bbox": bbox.contiguous(), "attention_mask": mask.contiguous(),
               "logits": logits.float().contiguous(), "word_ids": word_ids},
              out, metadata={"words": json.dumps(WORDS), "model": model_dir})
    print(f"{model_dir}: loaded in transformers as {type(model).__name__} with {cfg.num_labels} labels "
          f"{list(cfg.id2label.values())}; tokenizer {type(tok).__name__}; logits {tuple(logits.shape)} -> {out}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
