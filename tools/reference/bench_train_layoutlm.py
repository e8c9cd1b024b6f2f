"""Peer of TrainingThroughputBenchmark: the same training steps in PyTorch, as
transformers' Trainer takes them, on the model folder and batches the Java side wrote.

    python bench_train_layoutlm.py WORK_DIR THREADS WARMUP STEPS BATCH

WORK_DIR/model is the initial model (config.json, model.safetensors), WORK_DIR/batches.safetensors
holds b{i}.input_ids / bbox / attention_mask / labels. Per step: model(..., labels=...) (its
cross-entropy ignores -100), loss.backward(), clip_grad_norm_(1.0), torch AdamW (weight decay
0.01 except biases and LayerNorm weights), linear warm-up/decay schedule, zero_grad. Prints
"python: X steps/s, Y samples/s". With LAYOUTLENS_PROFILE=FILE the first timed step's operators
are written to FILE by self CPU time (TrainingThroughputBenchmark's -Dlayoutlens.profile=FILE
writes our step's as a Chrome trace).
"""
import os
import sys
import time

import torch
from safetensors.torch import load_file
from transformers import LayoutLMForTokenClassification, get_linear_schedule_with_warmup


def main(work, threads, warmup, steps, batch):
    torch.set_num_threads(threads)
    torch.manual_seed(42)
    model = LayoutLMForTokenClassification.from_pretrained(f"{work}/model")
    model.train()
    batches = load_file(f"{work}/batches.safetensors")
    total = warmup + steps
    no_decay = ("bias", "LayerNorm.weight")
    groups = [
        {"params": [p for n, p in model.named_parameters() if not n.endswith(no_decay)], "weight_decay": 0.01},
        {"params": [p for n, p in model.named_parameters() if n.endswith(no_decay)], "weight_decay": 0.0},
    ]
    opt = torch.optim.AdamW(groups, lr=1e-3, betas=(0.9, 0.999), eps=1e-8)
    sched = get_linear_schedule_with_warmup(opt, total // 10, total)
    start = None
    profile = os.environ.get("LAYOUTLENS_PROFILE")
    prof = None
    for s in range(total):
        if s == warmup:
            start = time.perf_counter()
        if profile and s == warmup:
            prof = torch.profiler.profile()
            prof.__enter__()
        out = model(input_ids=batches[f"b{s}.input_ids"], bbox=batches[f"b{s}.bbox"],
                    attention_mask=batches[f"b{s}.attention_mask"], labels=batches[f"b{s}.labels"])
        out.loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        sched.step()
        opt.zero_grad()
        _ = out.loss.item()
        if prof is not None and s == warmup:
            prof.__exit__(None, None, None)
            # the first timed step's operators by self CPU time
            with open(profile, "w") as f:
                f.write(prof.key_averages().table(sort_by="self_cpu_time_total", row_limit=40))
    secs = time.perf_counter() - start
    print(f"python: {steps / secs:.3f} steps/s, {steps * batch / secs:.2f} samples/s "
          f"(torch {torch.__version__}, {threads} threads)")


if __name__ == "__main__":
    if len(sys.argv) != 6:
        sys.exit(__doc__)
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]))
