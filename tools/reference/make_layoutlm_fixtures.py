"""Writes the LayoutLM (v1) parity fixtures used by the Java tests.

For each tiny configuration below, builds a randomly initialised
LayoutLMForTokenClassification with transformers (float32, eval mode, eager
attention), randomises every weight (LayerNorm included, so that the Java port
cannot pass by accident with default values), and writes into
src/test/resources/fixtures/layoutlm/<name>/:

  config.json, model.safetensors   the model folder as transformers saves it
  vocab.txt + tokenizer_config.json, or tokenizer.json   the tokenizer files
  inputs.safetensors   input_ids, bbox, attention_mask, token_type_ids (int64):
                       a batch of 2, the second row padded at the end
  outputs.safetensors  logits and hidden_states.N (N=0 is the embedding output)
  expected_tokens.json words with the ids and word ids BertTokenizerFast gives
                       for them (is_split_into_words=True)
  receipt.json         a small receipt (one word per segment, pixel boxes, page size)
                       and the label and softmax score transformers gives each word
                       at its first sub-token, the usual LayoutLM recipe end to end

Run from anywhere: python tools/reference/make_layoutlm_fixtures.py
"""

import json
import os
import shutil
import sys
import tempfile

import numpy as np
import torch
from safetensors.torch import save_file
from transformers import BertTokenizerFast, LayoutLMConfig, LayoutLMForTokenClassification

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT = os.path.join(ROOT, "src", "test", "resources", "fixtures", "layoutlm")

SROIE = ["O", "COMPANY", "DATE", "ADDRESS", "TOTAL"]
BIO = ["O", "B-COMPANY", "I-COMPANY", "B-DATE", "I-DATE", "B-ADDRESS", "I-ADDRESS", "B-TOTAL", "I-TOTAL"]

CONFIGS = [
    # the transformers tester's sizes; WordPiece from vocab.txt, lower-cased
    dict(name="tiny-a", seed=1234, seq=11, pad=4, tokenizer="vocab", lower=True, labels=SROIE,
         config=dict(vocab_size=99, hidden_size=32, num_hidden_layers=5, num_attention_heads=4,
                     intermediate_size=37, max_position_embeddings=64, max_2d_position_embeddings=1024,
                     type_vocab_size=2, hidden_act="gelu", layer_norm_eps=1e-12)),
    # other shapes, tanh-approximated gelu, BIO labels; tokenizer.json only
    dict(name="tiny-b", seed=77, seq=9, pad=3, tokenizer="json", lower=True, labels=BIO,
         config=dict(vocab_size=120, hidden_size=24, num_hidden_layers=3, num_attention_heads=2,
                     intermediate_size=50, max_position_embeddings=40, max_2d_position_embeddings=1024,
                     type_vocab_size=2, hidden_act="gelu_new", layer_norm_eps=1e-5)),
    # relu, a 2D table just large enough for 0..1000, three token types; cased vocab.txt
    dict(name="tiny-c", seed=5, seq=7, pad=2, tokenizer="vocab", lower=False, labels=SROIE[:3],
         config=dict(vocab_size=99, hidden_size=16, num_hidden_layers=2, num_attention_heads=4,
                     intermediate_size=20, max_position_embeddings=16, max_2d_position_embeddings=1001,
                     type_vocab_size=3, hidden_act="relu", layer_norm_eps=1e-6)),
]

SPECIALS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
WORDS = ["total", "rm", "tax", "cash", "change", "date", "sdn", "bhd", "jalan", "taman", "tel", "gst",
         "amount", "qty", "cafe", "store", "mart", "no", "Total", "RM", "Jalan", "##ing", "##s", "##ed",
         "invoice", "receipt", "thank", "you", "road", "kedai", "shop", "item", "price", "round", "card",
         "visa", "nett", "sub", "discount", "bill", "table", "staff", "counter", "member", "points"]
PUNCT = list(".,:-/()#&*")
DIGITS = [str(d) for d in range(10)]
LETTERS = [chr(c) for c in range(ord("a"), ord("z") + 1)]

# Receipt-like words: case, accents, punctuation inside words, unknown characters, a CJK
# character, a word longer than WordPiece's 100-character limit.
TOKEN_WORDS = ["TOTAL", "RM", "12.50", "Café", "jalan", "SDN.", "BHD", "Tel:", "03-7865", "@home",
               "中", "thanking", "Qty", "x" * 120, "receipts", "#A1/2", "ø", "naïve", "TAMAN", "(GST)"]


def vocabulary(size):
    """A WordPiece vocabulary of exactly `size` entries: specials, punctuation, digits,
    letters, continuation letters and digits, then whole words."""
    vocab = SPECIALS + PUNCT + DIGITS + LETTERS + ["##" + c for c in LETTERS] + ["##" + d for d in DIGITS]
    for w in WORDS:
        if len(vocab) >= size:
            break
        if w not in vocab:
            vocab.append(w)
    i = 0
    while len(vocab) < size:
        vocab.append("extra%d" % i)
        i += 1
    if len(vocab) > size:
        raise SystemExit("vocabulary too large for size %d" % size)
    return vocab


def randomise(model, gen):
    with torch.no_grad():
        for name, p in model.named_parameters():
            if name.endswith("LayerNorm.weight"):
                p.copy_(1.0 + 0.1 * torch.randn(p.shape, generator=gen))
            else:
                p.copy_(0.15 * torch.randn(p.shape, generator=gen))


def random_boxes(gen, n):
    """n boxes (x0, y0, x1, y1) with x0 <= x1 and y0 <= y1 inside 0..1000, edges included."""
    a = torch.randint(0, 1001, (n, 2), generator=gen)
    b = torch.randint(0, 1001, (n, 2), generator=gen)
    lo = torch.minimum(a, b)
    hi = torch.maximum(a, b)
    boxes = torch.stack([lo[:, 0], lo[:, 1], hi[:, 0], hi[:, 1]], dim=1)
    boxes[0] = torch.tensor([0, 0, 1000, 1000])  # page edges
    return boxes


def make_inputs(spec, cfg, vocab, gen):
    seq, pad = spec["seq"], spec["pad"]
    cls_id, sep_id, pad_id = vocab.index("[CLS]"), vocab.index("[SEP]"), vocab.index("[PAD]")
    ids = torch.randint(len(SPECIALS), cfg.vocab_size, (2, seq), generator=gen)
    bbox = torch.zeros(2, seq, 4, dtype=torch.long)
    mask = torch.ones(2, seq, dtype=torch.long)
    types = torch.zeros(2, seq, dtype=torch.long)
    for row, length in enumerate([seq, seq - pad]):
        ids[row, 0] = cls_id
        ids[row, length - 1] = sep_id
        bbox[row, 1:length - 1] = random_boxes(gen, length - 2)
        bbox[row, length - 1] = torch.tensor([1000, 1000, 1000, 1000])
        if length < seq:
            ids[row, length:] = pad_id
            mask[row, length:] = 0
    # exercise every token type row in the first sequence
    types[0, seq // 2:] = torch.arange(seq - seq // 2) % cfg.type_vocab_size
    return dict(input_ids=ids, bbox=bbox, attention_mask=mask, token_type_ids=types)


def write_tokenizer(spec, vocab, folder):
    """Writes the tokenizer files and returns a fast tokenizer built from the same vocabulary."""
    tmp = tempfile.mkdtemp()
    try:
        with open(os.path.join(tmp, "vocab.txt"), "w", encoding="utf-8") as f:
            f.write("\n".join(vocab) + "\n")
        with open(os.path.join(tmp, "tokenizer_config.json"), "w", encoding="utf-8") as f:
            json.dump({"tokenizer_class": "BertTokenizer", "do_lower_case": spec["lower"],
                       "model_max_length": spec["config"]["max_position_embeddings"]}, f, indent=2)
            f.write("\n")
        # loaded the way a downloaded model folder with only vocab.txt is loaded
        tok = BertTokenizerFast.from_pretrained(tmp)
        if len(tok) != len(vocab):
            raise SystemExit("tokenizer has %d entries, vocabulary %d" % (len(tok), len(vocab)))
        if spec["tokenizer"] == "vocab":
            for name in ("vocab.txt", "tokenizer_config.json"):
                shutil.copy(os.path.join(tmp, name), os.path.join(folder, name))
        else:
            tok.backend_tokenizer.save(os.path.join(folder, "tokenizer.json"))
        return tok
    finally:
        shutil.rmtree(tmp)


def expected_tokens(tok, folder):
    enc = tok(TOKEN_WORDS, is_split_into_words=True, add_special_tokens=True)
    data = {
        "words": TOKEN_WORDS,
        "input_ids": enc["input_ids"],
        "word_ids": [-1 if w is None else w for w in enc.word_ids()],
        "tokens": tok.convert_ids_to_tokens(enc["input_ids"]),
    }
    with open(os.path.join(folder, "expected_tokens.json"), "w", encoding="utf-8") as f:
        json.dump(data, f, indent=1, ensure_ascii=False)
        f.write("\n")


RECEIPT_WORDS = ["SDN.", "BHD", "Jalan", "Taman", "Tel:", "03-7865", "12.50", "TOTAL", "RM", "12.50",
                 "CASH", "Thanking", "Qty", "naïve", "(GST)"]


def expected_receipt(model, tok, cfg, folder, gen):
    """Tokenises a receipt's words, boxes them as LayoutLM fine-tuning does, and records
    the arg-max label and its softmax probability at each word's first sub-token."""
    width, height = 613, 1187
    words = list(RECEIPT_WORDS)
    while len(tok(words, is_split_into_words=True)["input_ids"]) > cfg.max_position_embeddings:
        words.pop()  # one window: the model's positions bound it
    segments = []
    for i, text in enumerate(words):
        x0 = int(torch.randint(0, width - 120, (1,), generator=gen))
        y0 = 20 + 60 * i
        x1 = x0 + 10 * len(text) + int(torch.randint(0, 30, (1,), generator=gen))
        y1 = y0 + 25
        segments.append({"text": text, "box": [x0, y0, x1, y1]})
    enc = tok(words, is_split_into_words=True, add_special_tokens=True)
    word_ids = enc.word_ids()
    bbox = []
    for w in word_ids:
        if w is None:
            bbox.append([0, 0, 0, 0] if len(bbox) == 0 else [1000, 1000, 1000, 1000])
        else:
            x0, y0, x1, y1 = segments[w]["box"]
            bbox.append([int(1000 * x0 / width), int(1000 * y0 / height),
                         int(1000 * x1 / width), int(1000 * y1 / height)])
    ids = torch.tensor([enc["input_ids"]])
    with torch.no_grad():
        logits = model(input_ids=ids, bbox=torch.tensor([bbox]), attention_mask=torch.ones_like(ids)).logits[0]
    probs = torch.softmax(logits, dim=-1)
    labels, scores, seen = [], [], set()
    for t, w in enumerate(word_ids):
        if w is not None and w not in seen:
            seen.add(w)
            best = int(torch.argmax(probs[t]))
            labels.append(cfg.id2label[best])
            scores.append(float(probs[t, best]))
    assert len(labels) == len(words)
    with open(os.path.join(folder, "receipt.json"), "w", encoding="utf-8") as f:
        json.dump({"width": width, "height": height, "segments": segments, "labels": labels, "scores": scores},
                  f, indent=1, ensure_ascii=False)
        f.write("\n")


def make(spec):
    folder = os.path.join(OUT, spec["name"])
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
    torch.manual_seed(spec["seed"])
    gen = torch.Generator().manual_seed(spec["seed"])
    labels = spec["labels"]
    cfg = LayoutLMConfig(**spec["config"], id2label={i: l for i, l in enumerate(labels)},
                         label2id={l: i for i, l in enumerate(labels)}, pad_token_id=0)
    cfg._attn_implementation = "eager"
    model = LayoutLMForTokenClassification(cfg).float().eval()
    randomise(model, gen)
    model.save_pretrained(folder)
    for extra in ("generation_config.json",):
        p = os.path.join(folder, extra)
        if os.path.exists(p):
            os.remove(p)

    vocab = vocabulary(cfg.vocab_size)
    tok = write_tokenizer(spec, vocab, folder)
    expected_tokens(tok, folder)
    expected_receipt(model, tok, cfg, folder, torch.Generator().manual_seed(spec["seed"] + 1))

    inputs = make_inputs(spec, cfg, vocab, gen)
    with torch.no_grad():
        out = model(**inputs, output_hidden_states=True)
    hidden = out.hidden_states
    if len(hidden) != cfg.num_hidden_layers + 1:
        raise SystemExit("expected %d hidden states, got %d" % (cfg.num_hidden_layers + 1, len(hidden)))
    # hidden_states[0] must be the embedding output, the last one the encoder output
    with torch.no_grad():
        emb = model.layoutlm.embeddings(input_ids=inputs["input_ids"], bbox=inputs["bbox"],
                                        token_type_ids=inputs["token_type_ids"])
        last = model.layoutlm(**inputs).last_hidden_state
    assert torch.equal(emb, hidden[0]), "hidden_states[0] is not the embedding output"
    assert torch.equal(last, hidden[-1]), "the last hidden state is not the encoder output"

    save_file({k: v.contiguous() for k, v in inputs.items()}, os.path.join(folder, "inputs.safetensors"))
    outputs = {"logits": out.logits.float().contiguous()}
    for i, h in enumerate(hidden):
        outputs["hidden_states.%d" % i] = h.float().contiguous()
    save_file(outputs, os.path.join(folder, "outputs.safetensors"))
    size = sum(os.path.getsize(os.path.join(folder, f)) for f in os.listdir(folder))
    print("%s: %d layers, hidden %d, %d labels, %d bytes" % (spec["name"], cfg.num_hidden_layers,
                                                           cfg.hidden_size, cfg.num_labels, size))
    return size


def main():
    torch.set_num_threads(1)
    total = sum(make(spec) for spec in CONFIGS)
    print("total %d bytes" % total)
    if total > 2 * 1024 * 1024:
        sys.exit("fixtures exceed 2 MB")


if __name__ == "__main__":
    main()
