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

The hidden states are the tuple transformers returns for output_hidden_states=True; the script
checks them against forward hooks on the encoder (its input, every layer's output).

Run from anywhere: python tools/reference/make_layoutlmv3_fixtures.py
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
    # of 7 pixels, layer_norm_eps 1e-6; weights as pytorch_model.bin only
    dict(name="tiny-b", seed=202, seq=8, pad=2, labels=BIO12, formats=("bin",),
         config=dict(vocab_size=120, hidden_size=16, num_hidden_layers=3, num_attention_heads=2,
                     intermediate_size=30, hidden_act="gelu_new", layer_norm_eps=1e-6,
                     max_position_embeddings=40, max_2d_position_embeddings=1024, coordinate_size=2,
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
    # of 10 pixels, one channel, 3 heads
    dict(name="tiny-d", seed=404, seq=7, pad=2, labels=SROIE, formats=("safetensors",),
         config=dict(vocab_size=99, hidden_size=24, num_hidden_layers=2, num_attention_heads=3,
                     intermediate_size=24, hidden_act="gelu", max_position_embeddings=20,
                     max_2d_position_embeddings=1001, coordinate_size=4, shape_size=4,
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


def main():
    names = sys.argv[1:]
    for spec in CONFIGS:
        if not names or spec["name"] in names:
            make(spec)


if __name__ == "__main__":
    main()
