"""A base-size LayoutLM parity check (manual, not a test: about 900 MB written outside the
repository). Builds LayoutLMForTokenClassification with BERT-base sizes and random weights,
writes it twice into OUT (default /tmp/layoutlm-base-check): safetensors/ (save_pretrained)
and bin/ (config.json + pytorch_model.bin from torch.save of the state dict), plus
inputs.safetensors (2 x 512, the second row padded) and outputs.safetensors (logits, last
hidden state). LayoutLMBaseParityCheck (Java test sources) loads both folders and prints the
largest differences.

    /work/venv-ref/bin/python tools/reference/make_layoutlm_base_check.py [OUT]
"""

import os
import shutil
import sys

import torch
from safetensors.torch import save_file
from transformers import LayoutLMConfig, LayoutLMForTokenClassification


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "/tmp/layoutlm-base-check"
    torch.manual_seed(0)
    torch.set_num_threads(2)
    labels = ["O", "B-COMPANY", "I-COMPANY", "B-DATE", "I-DATE", "B-ADDRESS", "I-ADDRESS", "B-TOTAL", "I-TOTAL"]
    cfg = LayoutLMConfig(id2label=dict(enumerate(labels)), label2id={l: i for i, l in enumerate(labels)})
    cfg._attn_implementation = "eager"
    model = LayoutLMForTokenClassification(cfg).float().eval()
    shutil.rmtree(out, ignore_errors=True)
    model.save_pretrained(os.path.join(out, "safetensors"))
    os.makedirs(os.path.join(out, "bin"))
    shutil.copy(os.path.join(out, "safetensors", "config.json"), os.path.join(out, "bin", "config.json"))
    torch.save(model.state_dict(), os.path.join(out, "bin", "pytorch_model.bin"))

    gen = torch.Generator().manual_seed(1)
    length, real = 512, 300
    ids = torch.randint(1000, 30000, (2, length), generator=gen)
    xy = torch.randint(0, 900, (2, length, 2), generator=gen)
    wh = torch.randint(0, 100, (2, length, 2), generator=gen)
    bbox = torch.cat([xy, xy + wh], dim=-1)
    mask = torch.ones(2, length, dtype=torch.long)
    ids[:, 0], ids[0, -1], ids[1, real - 1] = 101, 102, 102
    ids[1, real:], bbox[1, real:], mask[1, real:] = 0, 0, 0
    types = torch.zeros(2, length, dtype=torch.long)
    with torch.no_grad():
        o = model(input_ids=ids, bbox=bbox, attention_mask=mask, token_type_ids=types, output_hidden_states=True)
    save_file({"input_ids": ids, "bbox": bbox.contiguous(), "attention_mask": mask, "token_type_ids": types},
              os.path.join(out, "inputs.safetensors"))
    save_file({"logits": o.logits.contiguous(), "last_hidden_state": o.hidden_states[-1].contiguous()},
              os.path.join(out, "outputs.safetensors"))
    print("%s: base-size model in safetensors/ and bin/, inputs 2 x %d" % (out, length))


if __name__ == "__main__":
    main()
