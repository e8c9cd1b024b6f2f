"""Writes the small checkpoint fixtures used by the Java tests of com.layoutlens.model.checkpoint.

Run from the repository root:  python tools/reference/make_checkpoint_fixtures.py
Output: src/test/resources/checkpoints/ (a few KB in all). Random values use a fixed seed,
but the tests read the expected values from expected.json, so regenerating is always safe.
"""
import collections
import io
import json
import os
import struct
import sys
import zipfile
from pathlib import Path

import torch
from safetensors.torch import save_file

OUT = Path(__file__).resolve().parents[2] / "src" / "test" / "resources" / "checkpoints"

# Files the malicious payloads would create if anything ever executed them.
MARKER_OS_SYSTEM = "/tmp/layoutlens-pickle-marker-os-system"
MARKER_EVAL = "/tmp/layoutlens-pickle-marker-eval"

HALF_SPECIALS = [0.0, -0.0, 1.0, -2.5, 65504.0, 2.0 ** -14, 2.0 ** -24, 3 * 2.0 ** -24, 2.0 ** -14 - 2.0 ** -24,
                 float("inf"), float("-inf"), float("nan"), 0.1, 1e-3, 333.25, -7.0e-6]
BF16_SPECIALS = [0.0, -0.0, 1.0, -3.140625, 3.0e38, -1.0e-38, 9.2e-41, float("inf"), float("-inf"), float("nan"),
                 0.1, 12345.0]


class Tiny(torch.nn.Module):
    """A real module, so the saved dict is a genuine state_dict (an OrderedDict with _metadata)."""

    def __init__(self):
        super().__init__()
        self.embeddings = torch.nn.Embedding(6, 4)
        self.dense = torch.nn.Linear(4, 3)
        self.norm = torch.nn.LayerNorm(3)
        self.register_buffer("position_ids", torch.arange(8).unsqueeze(0))


def state_dict():
    torch.manual_seed(1234)
    sd = Tiny().state_dict()
    sd["half.weight"] = torch.tensor(HALF_SPECIALS, dtype=torch.float16).reshape(4, 4)
    sd["bf16.weight"] = torch.tensor(BF16_SPECIALS, dtype=torch.bfloat16).reshape(3, 4)
    sd["double"] = torch.tensor([1.0 / 3.0, -1e300, 2.5], dtype=torch.float64)
    sd["ids"] = torch.tensor([0, 1, -1, 2 ** 40, -(2 ** 40), 7], dtype=torch.int64)
    sd["int32"] = torch.tensor([-(2 ** 31), 2 ** 31 - 1, 0, 5], dtype=torch.int32)
    sd["int16"] = torch.tensor([-32768, 32767, 3], dtype=torch.int16)
    sd["int8"] = torch.tensor([-128, 127, -1], dtype=torch.int8)
    sd["uint8"] = torch.tensor([0, 255, 128], dtype=torch.uint8)
    sd["mask"] = torch.tensor([True, False, True, True, False])
    sd["scalar"] = torch.tensor(3.5)
    sd["empty"] = torch.zeros(0, 3)
    # views: a transposed weight (strides 1, 5), a slice with a storage offset, a 2-d slice
    # that is both offset and strided, and two tensors sharing one storage
    base = torch.randn(3, 5)
    sd["transposed"] = base.t()
    line = torch.arange(10, dtype=torch.float32) * 1.5
    sd["sliced"] = line[3:8]
    grid = torch.arange(24, dtype=torch.float32).reshape(4, 6)
    sd["grid_view"] = grid[1:, 2:5:2]
    shared = torch.randn(4, 6)
    sd["shared.a"] = shared
    sd["shared.b"] = shared[2]
    sd["half_t"] = torch.randn(2, 3).to(torch.float16).t()
    sd["param"] = torch.nn.Parameter(torch.randn(2, 2), requires_grad=False)
    return sd


def f32_bits(t):
    return t.detach().to(torch.float32).contiguous().reshape(-1).view(torch.int32).tolist()


def expected(sd):
    out = collections.OrderedDict()
    names = {torch.float64: "F64", torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16",
             torch.int64: "I64", torch.int32: "I32", torch.int16: "I16", torch.int8: "I8", torch.uint8: "U8",
             torch.bool: "BOOL"}
    for k, v in sd.items():
        e = {"dtype": names[v.dtype], "shape": list(v.shape)}
        if v.dtype.is_floating_point:
            e["f32_bits"] = f32_bits(v)
        else:
            e["values"] = v.to(torch.int64).reshape(-1).tolist()
        out[k] = e
    return out


class RunsShell:
    def __reduce__(self):
        return os.system, ("touch " + MARKER_OS_SYSTEM,)


class RunsEval:
    def __reduce__(self):
        return eval, ("open(%r, 'w').close()" % MARKER_EVAL,)


def torch_like_zip(path, pickle_bytes):
    """A zip laid out as torch.save lays it out, around a pickle written by hand."""
    entries = [("archive/data.pkl", pickle_bytes), ("archive/byteorder", b"little"),
               ("archive/data/0", struct.pack("<4f", 1, 2, 3, 4)), ("archive/version", b"3\n")]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as z:
        for name, data in entries:
            z.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), data)


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    sd = state_dict()
    torch.save(sd, OUT / "tiny.bin")
    # safetensors stores each tensor contiguously and refuses shared storage
    save_file({k: v.detach().contiguous().clone() for k, v in sd.items()}, OUT / "tiny.safetensors",
              metadata={"format": "pt"})
    exp = expected(sd)
    (OUT / "tiny.expected.json").write_text(
        "{\n" + ",\n".join(json.dumps(k) + ": " + json.dumps(v) for k, v in exp.items()) + "\n}\n")
    torch.save(sd, OUT / "tiny.legacy.bin", _use_new_zipfile_serialization=False)
    # protocol 4 brings FRAME, MEMOIZE, SHORT_BINUNICODE and STACK_GLOBAL
    torch.save(sd, OUT / "tiny.p4.bin", pickle_protocol=4)

    # a two-shard checkpoint with its index, as transformers writes large models
    shard = OUT / "sharded"
    shard.mkdir(exist_ok=True)
    keys = ["embeddings.weight", "dense.weight", "dense.bias", "position_ids"]
    parts = {"model-00001-of-00002.safetensors": keys[:2], "model-00002-of-00002.safetensors": keys[2:]}
    weight_map = {}
    for file, ks in parts.items():
        save_file({k: sd[k].contiguous() for k in ks}, shard / file, metadata={"format": "pt"})
        weight_map.update({k: file for k in ks})
    (shard / "model.safetensors.index.json").write_text(json.dumps(
        {"metadata": {"total_size": sum(sd[k].numel() * sd[k].element_size() for k in keys)},
         "weight_map": dict(sorted(weight_map.items()))}, indent=2) + "\n")

    # malicious pickles: never load these with torch.load(weights_only=False)
    torch.save({"weight": torch.zeros(2), "payload": RunsShell()}, OUT / "malicious_posix_system.bin")
    torch.save({"weight": torch.zeros(2), "payload": RunsEval()}, OUT / "malicious_eval.bin")
    # the classic hand-written form: GLOBAL 'os system', a string, TUPLE1, REDUCE
    cmd = ("touch " + MARKER_OS_SYSTEM).encode()
    torch_like_zip(OUT / "malicious_os_system.bin",
                   b"\x80\x02cos\nsystem\nq\x00X" + struct.pack("<I", len(cmd)) + cmd + b"\x85q\x01Rq\x02.")
    total = sum(p.stat().st_size for p in OUT.rglob("*") if p.is_file())
    print(f"wrote fixtures to {OUT} ({total} bytes), torch {torch.__version__}", file=sys.stderr)


if __name__ == "__main__":
    main()
