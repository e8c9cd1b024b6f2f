"""Check that a model folder written by LayoutLens training loads in transformers, and
record transformers' outputs for the Java side to match.

    /work/venv-ref/bin/python tools/reference/make_trained_model_check.py MODEL_DIR OUT.safetensors [--java JAR]

The folder's model_type picks the class: LayoutLMForTokenClassification,
LayoutLMv2ForTokenClassification (detectron2's backbone code through d2env.py, see
README.md) or LayoutLMv3ForTokenClassification. Loads MODEL_DIR with from_pretrained and its
tokenizer with AutoTokenizer (the fast one, from tokenizer.json; for LayoutLMv3 it must be
LayoutLMv3TokenizerFast, and the words are tokenized as LayoutLMv3Processor does, with boxes),
runs a fixed random batch (seed 0: 2 rows of 48 tokens, the second padded after 38; for
LayoutLMv2 also a random page, float32 [2, 3, 224, 224] of whole values 0..255; for LayoutLMv3
pixel_values, float32 [2, 3, input_size, input_size] in -1..1) and tokenizes a fixed word list. Writes OUT.safetensors with input_ids, bbox,
attention_mask, (image,) logits (float32) and word_ids (the sub-token ids of WORDS, int64);
the word list travels in the metadata. The Java tests (TrainedModelParityTest) run the same
inputs through our loader and compare.

With --java JAR it also runs `java -jar JAR forward --model MODEL_DIR --inputs OUT` on the
same tensors and prints the largest absolute logit difference (exit status 1 above 1e-4).
"""
import json
import os
import subprocess
import sys
import tempfile

import torch
from safetensors.torch import load_file, save_file

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

WORDS = ["TOTAL", "RM12.50", "Café", "GST:", "12/03/2019", "SDN.", "BHD", "Jalan", "No.", "88,",
         "ROUNDING", "CASH", "Tel:", "03-1234", "Invoice#", "QTY", "x2", "(M)", "@", "THANK"]
TOLERANCE = 1e-4


def main(model_dir, out, jar=None):
    with open(os.path.join(model_dir, "config.json")) as f:
        model_type = json.load(f)["model_type"]
    if model_type == "layoutlmv2":
        import d2env  # noqa: F401  (before transformers)
        from transformers import LayoutLMv2ForTokenClassification as cls
    elif model_type == "layoutlmv3":
        from transformers import LayoutLMv3ForTokenClassification as cls
    else:
        from transformers import LayoutLMForTokenClassification as cls
    from transformers import AutoTokenizer
    model = cls.from_pretrained(model_dir)
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
    tensors = {"input_ids": ids.contiguous(), "bbox": bbox.contiguous(), "attention_mask": mask.contiguous()}
    kwargs = dict(tensors)
    if model_type == "layoutlmv2":
        image = torch.randint(0, 256, (batch, 3, 224, 224), generator=g).float()
        tensors["image"] = image.contiguous()
        kwargs["image"] = image
    if model_type == "layoutlmv3":
        side = cfg.input_size
        pixels = torch.rand((batch, cfg.num_channels, side, side), generator=g) * 2 - 1
        tensors["pixel_values"] = pixels.contiguous()
        kwargs["pixel_values"] = pixels
    with torch.no_grad():
        logits = model(**kwargs).logits
    if model_type == "layoutlmv3":
        from transformers import LayoutLMv3TokenizerFast  # in transformers 5 the same class as LayoutLMv3Tokenizer
        if not isinstance(tok, LayoutLMv3TokenizerFast) or not tok.is_fast:
            print(f"{model_dir}: AutoTokenizer gave {type(tok).__name__}, not LayoutLMv3TokenizerFast")
            return 1
        enc = tok(WORDS, boxes=[[0, 0, 0, 0]] * len(WORDS), add_special_tokens=False)
    else:
        enc = tok(WORDS, is_split_into_words=True, add_special_tokens=False)
    word_ids = torch.tensor(enc["input_ids"], dtype=torch.long)
    save_file({**tensors, "logits": logits.float().contiguous(), "word_ids": word_ids},
              out, metadata={"words": json.dumps(WORDS), "model": model_dir})
    print(f"{model_dir}: loaded in transformers as {type(model).__name__} with {cfg.num_labels} labels "
          f"{list(cfg.id2label.values())}; tokenizer {type(tok).__name__}; logits {tuple(logits.shape)} -> {out}")
    if jar is None:
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        ours_file = os.path.join(tmp, "ours.safetensors")
        subprocess.run(["java", "-Dai.djl.offline=true", "-jar", jar, "forward", "--model", model_dir,
                        "--inputs", out, "--out", ours_file, "--device", "cpu"], check=True)
        ours = load_file(ours_file)["logits"]
    if ours.shape != logits.shape:
        print(f"shape differs: ours {tuple(ours.shape)}, transformers {tuple(logits.shape)}")
        return 1
    diff = (ours - logits.float()).abs().max().item()
    print(f"max |logit difference| ours vs transformers: {diff:.3g} (tolerance {TOLERANCE:g})")
    return 0 if diff <= TOLERANCE else 1


if __name__ == "__main__":
    args = sys.argv[1:]
    java = None
    if "--java" in args:
        i = args.index("--java")
        java = args[i + 1]
        del args[i:i + 2]
    if len(args) != 2:
        sys.exit(__doc__)
    sys.exit(main(args[0], args[1], java))
