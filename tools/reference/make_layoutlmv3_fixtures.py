"""Writes the LayoutLMv3 parity fixtures used by the Java tests.

For each tiny configuration below, builds a LayoutLMv3ForTokenClassification with
transformers (float32, eval mode, eager attention), randomises every weight (LayerNorms,
CLS token and patch position embeddings included), runs a batch of 2 (the second row padded)
and writes into src/test/resources/fixtures/layoutlmv3/<name>/:

  config.json                      as save_pretrained writes it
  model.safetensors or pytorch_model.bin   the weights (one fixture has the .bin only, as
                                   torch.save(state_dict) writes it)
  inputs.safetensors   input_ids, bbox, attention_mask, token_type_ids (int64) and, for the
                       models with a visual branch, pixel_values (B, C, input_size, input_size)
                       float32, normalised as the image processor makes them
  outputs.safetensors  logits (B, L, labels) and hidden_states.N (N = 0 the embedding output,
                       N = layers the encoder output; (B, L + 1 + grid^2, H) with a page)
  outputs_text_only.safetensors    (tiny-a only) the same without pixel_values: a model with a
                       visual branch run on the text alone

and into .../layoutlmv3/tokenizer/ a byte-level BPE vocabulary trained with the tokenizers package
on the words of SROIE receipts (../shared/sroie/box, all but the first 4), saved by transformers'
LayoutLMv3Tokenizer (tokenizer.json, tokenizer_config.json; also as vocab.json + merges.txt, the
files older hub checkpoints ship), with expected_tokens.json: for the first 4 receipts (and a list of unusual
words) the words, their 0..1000 boxes and random labels, and the input_ids, bbox, labels and
word ids that tokenizer gives them (is_split_into_words, word_labels); and into .../image/ a small
synthetic page (page.png), a preprocessor_config.json (32 x 32, per-channel mean and std) and the
pixel_values both of transformers' image processors (torchvision, the default, and PIL) make of it;
and into .../receipt/ a tiny random LayoutLMv3 over that vocabulary with, in receipt.json, a real
receipt's words and boxes and the label and score LayoutLMv3Processor + the model give each word
(at its first sub-token) on the image fixture's page.

The hidden states are the tuple transformers returns for output_hidden_states=True; the script
checks them against forward hooks on the encoder (its input, every layer's output).

Run from anywhere: python tools/reference/make_layoutlmv3_fixtures.py [tiny-a ... tokenizer image receipt]
"""
import json
import os
import sys

import torch
from safetensors.torch import save_file
from transformers import LayoutLMv3Config, LayoutLMv3ForTokenClassification

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT = os.path.join(ROOT, "src", "test", "resources", "fixtures", "layoutlmv3")

SROIE = ["O", "COMPANY", "DATE", "ADDRESS", "TOTAL"]
BIO12 = ["O", "B-COMPANY", "I-COMPANY", "B-DATE", "I-DATE", "B-ADDRESS", "I-ADDRESS", "B-TOTAL", "I-TOTAL",
         "B-TAX", "I-TAX", "B-OTHER"]

CONFIGS = [
    # both relative biases, the visual branch (4 x 4 patches), a one-Linear head, gelu
    dict(name="tiny-a", seed=101, seq=9, pad=3, labels=SROIE, formats=("safetensors",), text_only=True,
         config=dict(vocab_size=99, hidden_size=24, num_hidden_layers=2, num_attention_heads=4,
                     intermediate_size=37, hidden_act="gelu", max_position_embeddings=64,
                     max_2d_position_embeddings=1024, coordinate_size=4, shape_size=4,
                     has_relative_attention_bias=True, has_spatial_attention_bias=True,
                     visual_embed=True, input_size=32, patch_size=8, num_channels=3)),
    # the 1D bias alone, other buckets, 12 labels (the two-layer head), gelu_new, 3 x 3 patches
    # of 7 pixels, layer_norm_eps 1e-6, a 200-row 2D table (text boxes in 0..199, the patches' up
    # to 1000: those only enter the relative bias); weights as pytorch_model.bin only
    dict(name="tiny-b", seed=202, seq=8, pad=2, labels=BIO12, formats=("bin",),
         config=dict(vocab_size=120, hidden_size=16, num_hidden_layers=3, num_attention_heads=2,
                     intermediate_size=30, hidden_act="gelu_new", layer_norm_eps=1e-6,
                     max_position_embeddings=40, max_2d_position_embeddings=200, coordinate_size=2,
                     shape_size=4, has_relative_attention_bias=True, has_spatial_attention_bias=False,
                     rel_pos_bins=16, max_rel_pos=20, visual_embed=True, input_size=21, patch_size=7,
                     num_channels=3)),
    # no visual branch, both biases with other buckets, relu, a small 2D table, pad_token_id 0
    dict(name="tiny-c", seed=303, seq=10, pad=4, labels=SROIE[:3], formats=("safetensors",),
         config=dict(vocab_size=80, hidden_size=16, num_hidden_layers=2, num_attention_heads=4,
                     intermediate_size=20, hidden_act="relu", max_position_embeddings=30,
                     max_2d_position_embeddings=300, coordinate_size=2, shape_size=4, pad_token_id=0,
                     bos_token_id=2, eos_token_id=3, type_vocab_size=3,
                     has_relative_attention_bias=True, has_spatial_attention_bias=True,
                     rel_pos_bins=24, max_rel_pos=50, rel_2d_pos_bins=32, max_rel_2d_pos=120,
                     visual_embed=False)),
    # the 2D bias switched on without the 1D one (transformers then adds neither), 2 x 2 patches
    # of 10 pixels, one channel, 3 heads, a 256-row 2D table
    dict(name="tiny-d", seed=404, seq=7, pad=2, labels=SROIE, formats=("safetensors",),
         config=dict(vocab_size=99, hidden_size=24, num_hidden_layers=2, num_attention_heads=3,
                     intermediate_size=24, hidden_act="gelu", max_position_embeddings=20,
                     max_2d_position_embeddings=256, coordinate_size=4, shape_size=4,
                     has_relative_attention_bias=False, has_spatial_attention_bias=True,
                     visual_embed=True, input_size=20, patch_size=10, num_channels=1)),
]


def randomise(model, gen):
    """Every weight random, at scales that keep activations of order one, so that a wrong
    formula anywhere shows in the outputs."""
    with torch.no_grad():
        for name, p in model.named_parameters():
            if name.endswith("LayerNorm.weight") or name.endswith("norm.weight"):
                p.copy_(1.0 + 0.1 * torch.randn(p.shape, generator=gen))
            elif p.dim() == 4:  # the patch convolution: fan-in scaling
                fan_in = p.shape[1] * p.shape[2] * p.shape[3]
                p.copy_(torch.randn(p.shape, generator=gen) * (1.5 / fan_in) ** 0.5)
            else:
                p.copy_(0.15 * torch.randn(p.shape, generator=gen))


def random_boxes(gen, n, limit):
    """n boxes (x0, y0, x1, y1), x0 <= x1 and y0 <= y1, in 0..limit, edges included; the last
    one inverted (x1 < x0), which transformers accepts (its width clips to 0)."""
    a = torch.randint(0, limit + 1, (n, 2), generator=gen)
    b = torch.randint(0, limit + 1, (n, 2), generator=gen)
    lo = torch.minimum(a, b)
    hi = torch.maximum(a, b)
    boxes = torch.stack([lo[:, 0], lo[:, 1], hi[:, 0], hi[:, 1]], dim=1)
    boxes[0] = torch.tensor([0, 0, limit, limit])
    if n > 2:
        boxes[-1] = torch.tensor([hi[-1, 0], lo[-1, 1], lo[-1, 0], hi[-1, 1]])
    return boxes


def make_inputs(spec, cfg, gen):
    seq, pad = spec["seq"], spec["pad"]
    limit = min(1000, cfg.max_2d_position_embeddings - 1)
    specials = {cfg.pad_token_id, cfg.bos_token_id, cfg.eos_token_id}
    ids = torch.randint(0, cfg.vocab_size, (2, seq), generator=gen)
    for s in specials:  # no special token inside the text, padding least of all
        ids[ids == s] = max(specials) + 1
    bbox = torch.zeros(2, seq, 4, dtype=torch.long)
    mask = torch.ones(2, seq, dtype=torch.long)
    types = torch.zeros(2, seq, dtype=torch.long)
    for row, length in enumerate([seq, seq - pad]):
        ids[row, 0] = cfg.bos_token_id
        ids[row, length - 1] = cfg.eos_token_id
        bbox[row, 1:length - 1] = random_boxes(gen, length - 2, limit)
        if length < seq:
            ids[row, length:] = cfg.pad_token_id
            mask[row, length:] = 0
    types[0, seq // 2:] = torch.arange(seq - seq // 2) % cfg.type_vocab_size
    inputs = dict(input_ids=ids, bbox=bbox, attention_mask=mask, token_type_ids=types)
    if cfg.visual_embed:
        size = cfg.input_size
        pixels = torch.rand(2, cfg.num_channels, size, size, generator=gen)
        inputs["pixel_values"] = (pixels - 0.5) / 0.5  # the processor's rescale and normalise
    return inputs


def run(model, inputs):
    """logits and hidden states, both as output_hidden_states returns them and from hooks."""
    core = model.layoutlmv3
    captured = {}

    def before_encoder(module, args, kwargs):
        captured["hidden_states.0"] = (args[0] if args else kwargs["hidden_states"]).detach().clone()

    def after_layer(i):
        def hook(module, args, output):
            out = output[0] if isinstance(output, tuple) else output
            captured["hidden_states.%d" % (i + 1)] = out.detach().clone()
        return hook

    handles = [core.encoder.register_forward_pre_hook(before_encoder, with_kwargs=True)]
    for i, layer in enumerate(core.encoder.layer):
        handles.append(layer.register_forward_hook(after_layer(i)))
    with torch.no_grad():
        out = model(**inputs, output_hidden_states=True)
    for h in handles:
        h.remove()
    outputs = {"logits": out.logits.contiguous()}
    for i, h in enumerate(out.hidden_states):
        outputs["hidden_states.%d" % i] = h.contiguous()
        assert torch.equal(h, captured["hidden_states.%d" % i]), "hidden state %d differs from the hook" % i
    assert len(out.hidden_states) == model.config.num_hidden_layers + 1
    return outputs


def make(spec, out_root=OUT):
    gen = torch.Generator().manual_seed(spec["seed"])
    torch.manual_seed(spec["seed"])
    labels = spec["labels"]
    cfg = LayoutLMv3Config(num_labels=len(labels), id2label=dict(enumerate(labels)),
                           label2id={l: i for i, l in enumerate(labels)}, **spec["config"])
    model = LayoutLMv3ForTokenClassification._from_config(cfg, attn_implementation="eager").float().eval()
    assert model.config._attn_implementation == "eager"
    randomise(model, gen)
    inputs = make_inputs(spec, cfg, gen)

    folder = os.path.join(out_root, spec["name"])
    os.makedirs(folder, exist_ok=True)
    for old in ("model.safetensors", "pytorch_model.bin"):
        if os.path.exists(os.path.join(folder, old)):
            os.remove(os.path.join(folder, old))
    if "safetensors" in spec["formats"]:
        model.save_pretrained(folder, safe_serialization=True)
    else:
        model.config.save_pretrained(folder)
    if "bin" in spec["formats"]:
        torch.save(model.state_dict(), os.path.join(folder, "pytorch_model.bin"))
    with open(os.path.join(folder, "config.json"), encoding="utf-8") as f:
        saved = json.load(f)
    with open(os.path.join(folder, "config.json"), "w", encoding="utf-8") as f:
        json.dump(saved, f, indent=2, sort_keys=True)
        f.write("\n")

    save_file({k: v.contiguous() for k, v in inputs.items()}, os.path.join(folder, "inputs.safetensors"))
    save_file(run(model, inputs), os.path.join(folder, "outputs.safetensors"))
    if spec.get("text_only"):
        text = {k: v for k, v in inputs.items() if k != "pixel_values"}
        save_file(run(model, text), os.path.join(folder, "outputs_text_only.safetensors"))
    print("%s: %d weights, visual %s, biases 1D %s / 2D %s, head %s, formats %s" % (
        spec["name"], sum(p.numel() for p in model.parameters()), cfg.visual_embed,
        cfg.has_relative_attention_bias, cfg.has_spatial_attention_bias,
        type(model.classifier).__name__, ",".join(spec["formats"])))


SROIE_BOXES = os.path.join(ROOT, "..", "shared", "sroie", "box")
TOKENIZER_OUT = os.path.join(OUT, "tokenizer")
# receipts whose words the expected ids are recorded for (not used to train the vocabulary)
TOKENIZER_RECEIPTS = 4
# words a receipt scan rarely has, for the byte-level paths: accents, symbols, emoji, CJK, a
# zero-width space, a control character, a long token
EXTRA_WORDS = ["Caf\u00e9", "\u20ac12,50", "na\u00efve", "\u2014", "\u00bd", "\U0001F9FE", "\u53f0\u5317",
               "a\u200bb", "x\u0007y", "RM", "7,838.80", "TOTAL:", "(GST)", "'s", "<s>", "</s>",
               "WWW.EXAMPLE.COM.MY/RECEIPT?ID=0042&AMP;X=1"]


def receipt_words(path):
    """The words of a SROIE box file (segments split on whitespace) with their segment's box."""
    words = []
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            parts = line.rstrip("\r\n").split(",", 8)
            if len(parts) < 9:
                continue
            try:
                xs = [int(parts[i]) for i in (0, 2, 4, 6)]
                ys = [int(parts[i]) for i in (1, 3, 5, 7)]
            except ValueError:
                continue
            for w in parts[8].split():
                words.append((w, [min(xs), min(ys), max(xs), max(ys)]))
    return words


def make_tokenizer_fixture():
    """A byte-level BPE vocabulary trained on receipt words (the tokenizers package), saved as
    transformers' LayoutLMv3Tokenizer saves it, and the ids, boxes and labels that tokenizer
    gives a few other real receipts' words (is_split_into_words, word_labels)."""
    from tokenizers import Tokenizer, models, pre_tokenizers, trainers
    from transformers import LayoutLMv3Tokenizer

    files = sorted(f for f in os.listdir(SROIE_BOXES) if f.endswith((".csv", ".txt")))
    if len(files) < TOKENIZER_RECEIPTS + 20:
        sys.exit("need the SROIE receipts in %s" % SROIE_BOXES)
    test, train = files[:TOKENIZER_RECEIPTS], files[TOKENIZER_RECEIPTS:]
    corpus = [" ".join(w for w, _ in receipt_words(os.path.join(SROIE_BOXES, f))) for f in train]
    bpe = Tokenizer(models.BPE())
    bpe.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=True)
    specials = ["<s>", "<pad>", "</s>", "<unk>", "<mask>"]
    bpe.train_from_iterator(corpus, trainers.BpeTrainer(
        vocab_size=700, special_tokens=specials, initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False))
    model = json.loads(bpe.to_str())["model"]
    merges = [tuple(m.split(" ")) if isinstance(m, str) else tuple(m) for m in model["merges"]]
    tok = LayoutLMv3Tokenizer(vocab=model["vocab"], merges=merges)
    os.makedirs(TOKENIZER_OUT, exist_ok=True)
    tok.save_pretrained(TOKENIZER_OUT)
    # the same vocabulary as the older hub checkpoints ship it (microsoft/layoutlmv3-base has no tokenizer.json)
    with open(os.path.join(TOKENIZER_OUT, "vocab.json"), "w", encoding="utf-8") as f:
        json.dump(model["vocab"], f, ensure_ascii=False)
    with open(os.path.join(TOKENIZER_OUT, "merges.txt"), "w", encoding="utf-8") as f:
        f.write("#version: 0.2\n")
        for a, b in merges:
            f.write("%s %s\n" % (a, b))

    gen = torch.Generator().manual_seed(7)
    receipts = []
    for f in test + ["extra"]:
        if f == "extra":
            words = [(w, [10 * i, 20, 10 * i + 9, 40]) for i, w in enumerate(EXTRA_WORDS)]
        else:
            words = receipt_words(os.path.join(SROIE_BOXES, f))
        page_w = max(b[2] for _, b in words) + 1
        page_h = max(b[3] for _, b in words) + 1
        texts = [w for w, _ in words]
        boxes = [[int(1000 * b[0] / page_w), int(1000 * b[1] / page_h), int(1000 * b[2] / page_w),
                  int(1000 * b[3] / page_h)] for _, b in words]
        labels = torch.randint(0, 5, (len(texts),), generator=gen).tolist()
        enc = tok(texts, boxes=boxes, word_labels=labels, truncation=False)
        receipts.append({"receipt": os.path.splitext(f)[0], "words": texts, "boxes": boxes, "labels": labels,
                         "input_ids": enc["input_ids"], "bbox": enc["bbox"], "token_labels": enc["labels"],
                         "word_ids": [-1 if w is None else w for w in enc.word_ids()]})
    with open(os.path.join(TOKENIZER_OUT, "expected_tokens.json"), "w", encoding="utf-8") as f:
        json.dump({"tokenizer": "LayoutLMv3Tokenizer (transformers %s), vocabulary of %d trained on %d SROIE "
                                "receipts" % (__import__("transformers").__version__, len(model["vocab"]),
                                              len(train)),
                   "receipts": receipts}, f, ensure_ascii=False)
        f.write("\n")
    print("tokenizer: %d entries, %d merges; %d receipts, %d words, %d tokens" % (
        len(model["vocab"]), len(merges), len(receipts), sum(len(r["words"]) for r in receipts),
        sum(len(r["input_ids"]) for r in receipts)))


IMAGE_OUT = os.path.join(OUT, "image")


def make_image_fixture():
    """A small synthetic page (PNG, so that every decoder reads the same pixels) and what both of
    transformers' LayoutLMv3 image processors make of it at 32 x 32 with per-channel mean and std."""
    import numpy as np
    from PIL import Image
    from transformers import LayoutLMv3ImageProcessor
    from transformers.models.layoutlmv3.image_processing_pil_layoutlmv3 import LayoutLMv3ImageProcessorPil

    gen = torch.Generator().manual_seed(8)
    h, w = 173, 118
    page = 225 + 20 * torch.rand(3, 1, 1, generator=gen) + 8 * torch.randn(3, h, w, generator=gen)
    for _ in range(40):  # lines of dark "text" and a few coloured stamps
        y, x = torch.randint(0, h - 6, (1,), generator=gen).item(), torch.randint(0, w - 20, (1,), generator=gen).item()
        page[:, y:y + 3, x:x + torch.randint(5, 40, (1,), generator=gen).item()] = 255 * torch.rand(
            3, 1, 1, generator=gen) * 0.4
    page = page.clamp(0, 255).round().to(torch.uint8).permute(1, 2, 0).numpy()
    os.makedirs(IMAGE_OUT, exist_ok=True)
    Image.fromarray(page, "RGB").save(os.path.join(IMAGE_OUT, "page.png"))
    settings = dict(apply_ocr=False, size={"height": 32, "width": 32}, image_mean=[0.4, 0.5, 0.6],
                    image_std=[0.2, 0.25, 0.3])
    fast = LayoutLMv3ImageProcessor(**settings)
    fast.save_pretrained(IMAGE_OUT)
    image = Image.open(os.path.join(IMAGE_OUT, "page.png"))
    out = {"pixel_values": fast(image, return_tensors="pt")["pixel_values"].contiguous(),
           "pixel_values_pil": LayoutLMv3ImageProcessorPil(**settings)(
               image, return_tensors="pt")["pixel_values"].contiguous()}
    save_file(out, os.path.join(IMAGE_OUT, "expected.safetensors"))
    d = (out["pixel_values"] - out["pixel_values_pil"]).abs()
    print("image: %s, torchvision vs PIL processor max |diff| %.3g, mean %.3g" % (
        tuple(out["pixel_values"].shape), d.max().item(), d.mean().item()))


RECEIPT_OUT = os.path.join(OUT, "receipt")


def make_receipt_fixture():
    """End to end, as a user of transformers labels a receipt: LayoutLMv3Processor (the tokenizer
    fixture and the image fixture's processor settings) on a real receipt's words and boxes and
    the fixture page, then a tiny random LayoutLMv3 over the fixture tokenizer's vocabulary; the
    label and softmax score at each word's first sub-token. Needs the tokenizer and image fixtures."""
    from PIL import Image
    from transformers import LayoutLMv3ImageProcessor, LayoutLMv3Processor, LayoutLMv3Tokenizer

    tok = LayoutLMv3Tokenizer.from_pretrained(TOKENIZER_OUT)
    images = LayoutLMv3ImageProcessor.from_pretrained(IMAGE_OUT)
    processor = LayoutLMv3Processor(image_processor=images, tokenizer=tok)
    gen = torch.Generator().manual_seed(505)
    torch.manual_seed(505)
    cfg = LayoutLMv3Config(vocab_size=len(tok), hidden_size=16, num_hidden_layers=2, num_attention_heads=2,
                           intermediate_size=24, max_position_embeddings=400, max_2d_position_embeddings=1001,
                           coordinate_size=2, shape_size=4, input_size=32, patch_size=8, num_labels=len(SROIE),
                           id2label=dict(enumerate(SROIE)), label2id={l: i for i, l in enumerate(SROIE)})
    model = LayoutLMv3ForTokenClassification._from_config(cfg, attn_implementation="eager").float().eval()
    randomise(model, gen)
    os.makedirs(RECEIPT_OUT, exist_ok=True)
    model.save_pretrained(RECEIPT_OUT, safe_serialization=True)

    files = sorted(f for f in os.listdir(SROIE_BOXES) if f.endswith((".csv", ".txt")))
    words = receipt_words(os.path.join(SROIE_BOXES, files[0]))
    page_w = max(b[2] for _, b in words) + 1
    page_h = max(b[3] for _, b in words) + 1
    texts = [w for w, _ in words]
    boxes = [[int(1000 * b[0] / page_w), int(1000 * b[1] / page_h), int(1000 * b[2] / page_w),
              int(1000 * b[3] / page_h)] for _, b in words]
    enc = processor(Image.open(os.path.join(IMAGE_OUT, "page.png")), texts, boxes=boxes, return_tensors="pt")
    with torch.no_grad():
        probs = model(**enc).logits.softmax(-1)[0]
    word_ids = enc.word_ids()
    labels, scores, seen = [], [], set()
    for t, w in enumerate(word_ids):
        if w is not None and w not in seen:
            seen.add(w)
            labels.append(SROIE[int(probs[t].argmax())])
            scores.append(float(probs[t].max()))
    assert len(labels) == len(texts)
    with open(os.path.join(RECEIPT_OUT, "receipt.json"), "w", encoding="utf-8") as f:
        json.dump({"receipt": os.path.splitext(files[0])[0], "page": "../image/page.png", "words": texts,
                   "boxes": boxes, "input_ids": enc["input_ids"][0].tolist(), "labels": labels, "scores": scores},
                  f, ensure_ascii=False)
        f.write("\n")
    print("receipt: %d words, %d tokens, labels %s" % (len(texts), enc["input_ids"].shape[1],
                                                        {l: labels.count(l) for l in SROIE}))


def main():
    names = sys.argv[1:]
    for spec in CONFIGS:
        if not names or spec["name"] in names:
            make(spec)
    if not names or "tokenizer" in names:
        make_tokenizer_fixture()
    if not names or "image" in names:
        make_image_fixture()
    if not names or "receipt" in names:
        make_receipt_fixture()


if __name__ == "__main__":
    main()
