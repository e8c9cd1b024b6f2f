"""Checks an `hf` export of LayoutLens (`export --format hf`) the way a fine-tuning script reads it.

Loads DIR/data.jsonl with `datasets.load_dataset("json", ...)`, the tag names from
DIR/labels.json, and feeds each receipt's image, words, 0..1000 boxes and tag ids to
transformers' LayoutLMv3Processor with apply_ocr=False, built offline from a local model
folder (its tokenizer files and preprocessor_config.json). Fails (exit 1) when a column is
missing, a box is outside 0..1000, a tag id is not in labels.json, or the tag of a word's first
token is not the word's tag.

    python tools/reference/check_hf_export.py DIR [--model models/demo-layoutlmv3]
"""
import argparse
import collections
import json
import os
import sys

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")

import datasets  # noqa: E402
from PIL import Image  # noqa: E402
from transformers import LayoutLMv3ImageProcessor, LayoutLMv3Processor, LayoutLMv3TokenizerFast  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--model", default="models/demo-layoutlmv3")
    ap.add_argument("--max-length", type=int, default=512)
    a = ap.parse_args()

    tags = json.load(open(os.path.join(a.dir, "labels.json"), encoding="utf-8"))
    ds = datasets.load_dataset("json", data_files=os.path.join(a.dir, "data.jsonl"), split="train")
    for col in ("id", "tokens", "bboxes", "ner_tags", "image"):
        if col not in ds.column_names:
            sys.exit(f"column {col!r} missing: {ds.column_names}")

    processor = LayoutLMv3Processor(
        image_processor=LayoutLMv3ImageProcessor.from_pretrained(a.model, apply_ocr=False),
        tokenizer=LayoutLMv3TokenizerFast.from_pretrained(a.model))

    words = tokens = truncated = 0
    tag_counts = collections.Counter()
    errors = []
    for row in ds:
        rid, ws, boxes, ner = row["id"], row["tokens"], row["bboxes"], row["ner_tags"]
        if not (len(ws) == len(boxes) == len(ner)):
            errors.append(f"{rid}: lengths differ")
            continue
        if any(not (0 <= v <= 1000) for b in boxes for v in b):
            errors.append(f"{rid}: a box is outside 0..1000")
        if any(not (0 <= t < len(tags)) for t in ner):
            errors.append(f"{rid}: a tag id is not in labels.json")
            continue
        image = Image.open(os.path.join(a.dir, row["image"])).convert("RGB")
        enc = processor(image, ws, boxes=boxes, word_labels=ner, truncation=True,
                        max_length=a.max_length, return_tensors="pt")
        ids = enc["input_ids"][0]
        labels = enc["labels"][0].tolist()
        word_ids = enc.word_ids(0)
        if enc["pixel_values"].shape[-2:] != (224, 224):
            errors.append(f"{rid}: pixel_values {tuple(enc['pixel_values'].shape)}")
        seen = set()
        for i, w in enumerate(word_ids):
            if w is not None and w not in seen:
                seen.add(w)
                if labels[i] != ner[w]:
                    errors.append(f"{rid}: word {w} has tag {ner[w]} but its first token {labels[i]}")
                    break
        if len(seen) < len(ws):
            truncated += 1
        words += len(ws)
        tokens += len(ids)
        tag_counts.update(tags[t] for t in ner)

    print(f"{a.dir}: {len(ds)} receipts loaded by datasets {datasets.__version__} (columns {', '.join(ds.column_names)})")
    print(f"LayoutLMv3Processor (apply_ocr=False, {a.model}): {words} words -> {tokens} tokens;"
          f" {truncated} receipts cut at {a.max_length} tokens")
    print("tags: " + ", ".join(f"{t} {tag_counts[t]}" for t in tags))
    if errors:
        print(f"{len(errors)} problems:", *errors[:20], sep="\n  ")
        sys.exit(1)
    print("ok: every word's first token carries the word's tag")


if __name__ == "__main__":
    main()
