#!/usr/bin/env python3
"""torch_gpt.py - the PyTorch side of scripts/compare-torch.sh: ladder's GPT, written in plain eager PyTorch.

Same model and training step as ladder: token + learned position embeddings, pre-LayerNorm blocks (fused qkv
attention with an explicit causal mask, 4x tanh-GELU MLP), final LayerNorm, head tied to the token embedding,
mean cross-entropy, AdamW (weight decay on matrices only) with global-norm clipping at 1.0. fp32 on the CPU.

Trains on seeded random tokens and prints the throughput, e.g.
    /usr/bin/python3 scripts/torch_gpt.py --shape 64/2/2 --threads 1 --steps 10 --json
A step is forward + backward + clipping + optimizer step; msPerStep is the median of the timed steps.
"""
import argparse
import json
import math
import resource
import statistics
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class Block(nn.Module):
    def __init__(self, d, n_head, seq):
        super().__init__()
        self.n_head = n_head
        self.ln1 = nn.LayerNorm(d, eps=1e-5)
        self.qkv = nn.Linear(d, 3 * d)  # output columns laid out (3, nHead, headDim)
        self.attn_out = nn.Linear(d, d)
        self.ln2 = nn.LayerNorm(d, eps=1e-5)
        self.mlp_up = nn.Linear(d, 4 * d)
        self.mlp_down = nn.Linear(4 * d, d)
        self.register_buffer("causal", torch.ones(seq, seq, dtype=torch.bool).tril(), persistent=False)

    def attention(self, x):
        b, t, d = x.shape
        hd = d // self.n_head
        q, k, v = self.qkv(x).view(b, t, 3, self.n_head, hd).permute(2, 0, 3, 1, 4)  # each [b, nHead, t, hd]
        scores = (q @ k.transpose(-2, -1)) / math.sqrt(hd)
        scores = scores.masked_fill(~self.causal[:t, :t], float("-inf"))
        y = F.softmax(scores, dim=-1) @ v  # [b, nHead, t, hd]
        return self.attn_out(y.transpose(1, 2).reshape(b, t, d))

    def forward(self, x):
        x = x + self.attention(self.ln1(x))
        return x + self.mlp_down(F.gelu(self.mlp_up(self.ln2(x)), approximate="tanh"))


class GPT(nn.Module):
    def __init__(self, vocab, seq, d, n_layer, n_head):
        super().__init__()
        self.wte = nn.Parameter(torch.empty(vocab, d))
        self.wpe = nn.Parameter(torch.empty(seq, d))
        self.blocks = nn.ModuleList(Block(d, n_head, seq) for _ in range(n_layer))
        self.ln_f = nn.LayerNorm(d, eps=1e-5)
        residual_std = 0.02 / math.sqrt(2 * n_layer)
        for name, p in self.named_parameters():
            if p.dim() == 1:  # LayerNorm gains 1, every bias 0
                nn.init.ones_(p) if name.endswith("weight") else nn.init.zeros_(p)
            else:
                std = residual_std if name.endswith(("attn_out.weight", "mlp_down.weight")) else 0.02
                nn.init.normal_(p, 0.0, std)

    def forward(self, idx, targets):
        t = idx.shape[1]
        x = F.embedding(idx, self.wte) + self.wpe[:t]
        for block in self.blocks:
            x = block(x)
        logits = self.ln_f(x) @ self.wte.t()  # tied head, no bias
        return F.cross_entropy(logits.view(-1, logits.shape[-1]), targets.reshape(-1))


def main():
    ap = argparse.ArgumentParser(description="Train ladder's GPT in PyTorch on random tokens and time the steps.")
    ap.add_argument("--shape", default="64/2/2", help="dModel/layers/heads")
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--seq", type=int, default=128)
    ap.add_argument("--vocab", type=int, default=96)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--warmup", type=int, default=3, help="untimed steps first")
    ap.add_argument("--steps", type=int, default=10, help="timed steps")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--json", action="store_true", help="print one JSON object instead of a line of text")
    args = ap.parse_args()
    d, n_layer, n_head = (int(s) for s in args.shape.split("/"))
    if d % n_head:
        sys.exit(f"torch_gpt.py: dModel {d} is not divisible by heads {n_head}")

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    model = GPT(args.vocab, args.seq, d, n_layer, n_head)
    matrices = [p for p in model.parameters() if p.dim() >= 2]
    vectors = [p for p in model.parameters() if p.dim() < 2]
    opt = torch.optim.AdamW([{"params": matrices, "weight_decay": 0.1}, {"params": vectors, "weight_decay": 0.0}],
                            lr=1e-4, betas=(0.9, 0.95), eps=1e-8)
    # a fresh batch of random tokens per step, drawn up front; the target is the input shifted by one
    data = torch.randint(args.vocab, (args.warmup + args.steps, args.batch, args.seq + 1))

    times = []
    for step, batch in enumerate(data):
        start = time.perf_counter()
        loss = model(batch[:, :-1], batch[:, 1:])
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        if step >= args.warmup:
            times.append(time.perf_counter() - start)
    if not math.isfinite(loss.item()):
        sys.exit(f"torch_gpt.py: loss is {loss.item()}")

    ms = statistics.median(times) * 1000
    result = {
        "shape": args.shape,
        "engine": "pytorch",
        "threads": args.threads,
        "tokensPerSecond": round(args.batch * args.seq / (ms / 1000), 1),
        "msPerStep": round(ms, 2),
        "peakRssBytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,  # ru_maxrss is KiB on Linux
    }
    if args.json:
        print(json.dumps(result))
    else:
        print(f"{args.shape} pytorch {args.threads} thread(s): {result['tokensPerSecond']:.0f} tokens/s, "
              f"{ms:.1f} ms/step, final loss {loss.item():.4f}, torch {torch.__version__}")


if __name__ == "__main__":
    main()
