#!/usr/bin/python3
"""PyTorch reference for Coleta's full training (docs/EXPERIMENTS.md E13).

Trains the Llama architecture that `coleta model create` writes (RMSNorm, RoPE in llama.cpp's
adjacent-pair layout, SwiGLU, untied output), starting from the weights of BASE (a GGUF read
with llama.cpp's gguf-py), on the token windows of TOKENS, with AdamW as ggml-opt runs it
(betas 0.9/0.999, eps 1e-8, no weight decay), linear warm-up then cosine decay to 0.1 of LR,
the loss on completion tokens only. Prints "step train_loss" every 25 steps and the held-out
loss at the end, for scripts/check-train-reference.sh to put beside ggml's own log.

TOKENS: one example per line, "[prompt ids]|[completion ids]" (BOS and EOS added here, as
Coleta's ExampleTokenizer does); the first 200 lines are held out.
Usage: train_reference.py GGUF_PY_DIR BASE TOKENS STEPS LR
"""
import math, sys

gguf_py, base, tokens, steps, lr = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), float(sys.argv[5])
sys.path.insert(0, gguf_py)
import numpy as np
import torch
import torch.nn.functional as F
from gguf import GGUFReader

torch.set_num_threads(2)
CTX, WARMUP, HELD_OUT, BOS, EOS = 1024, 20, 200, 1, 2

reader = GGUFReader(base)
meta = {f.name: f for f in reader.fields.values()}
def scalar(key):
    f = meta[key]
    return f.parts[f.data[0]][0].item()
E = int(scalar("llama.embedding_length"))
L = int(scalar("llama.block_count"))
H = int(scalar("llama.attention.head_count"))
EPS = float(scalar("llama.attention.layer_norm_rms_epsilon"))
P = {}
for t in reader.tensors:
    # gguf-py gives the array in row-major order of the reversed ggml dims: (rows=out, cols=in)
    P[t.name] = torch.nn.Parameter(torch.tensor(np.array(t.data, dtype=np.float32)).reshape([int(d) for d in reversed(t.shape)]))

examples = []
for line in open(tokens):
    p, c = line.strip().split("|")
    p, c = eval(p), eval(c)
    examples.append(([BOS] + p + c + [EOS], [False] * (1 + len(p)) + [True] * (len(c) + 1)))
held, train = examples[:HELD_OUT], examples[HELD_OUT:]

def pack(xs):
    """Whole examples into windows of CTX + 1 tokens; the first token of each is never a label."""
    windows, seq, lab = [], [], []
    for t, m in xs:
        if len(seq) + len(t) > CTX + 1:
            windows.append((seq, lab))
            seq, lab = [], []
        seq, lab = seq + t, lab + [False] + m[1:]
    if seq:
        windows.append((seq, lab))
    out = []
    for s, m in windows:
        s, m = s + [EOS] * (CTX + 1 - len(s)), m + [False] * (CTX + 1 - len(m))
        out.append((torch.tensor(s[:-1]), torch.tensor([s[k + 1] if m[k + 1] else -100 for k in range(CTX)])))
    return out

hd = E // H
inv = 1.0 / (10000 ** (torch.arange(0, hd, 2).float() / hd))
ang = torch.outer(torch.arange(CTX).float(), inv)
cos, sin = ang.cos()[:, None, :], ang.sin()[:, None, :]
mask = torch.full((CTX, CTX), float("-inf")).triu(1)

def rms(x, w):
    return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + EPS) * w

def rope(x):
    x1, x2 = x[..., 0::2], x[..., 1::2]
    return torch.stack([x1 * cos - x2 * sin, x1 * sin + x2 * cos], -1).flatten(-2)

def forward(x):
    h = P["token_embd.weight"][x]
    for l in range(L):
        b = f"blk.{l}."
        a = rms(h, P[b + "attn_norm.weight"])
        q = rope((a @ P[b + "attn_q.weight"].T).view(CTX, H, hd))
        k = rope((a @ P[b + "attn_k.weight"].T).view(CTX, H, hd))
        v = (a @ P[b + "attn_v.weight"].T).view(CTX, H, hd)
        att = (torch.einsum("thd,shd->hts", q, k) / math.sqrt(hd) + mask).softmax(-1)
        h = h + torch.einsum("hts,shd->thd", att, v).reshape(CTX, E) @ P[b + "attn_output.weight"].T
        f = rms(h, P[b + "ffn_norm.weight"])
        h = h + (F.silu(f @ P[b + "ffn_gate.weight"].T) * (f @ P[b + "ffn_up.weight"].T)) @ P[b + "ffn_down.weight"].T
    return rms(h, P["output_norm.weight"]) @ P["output.weight"].T

opt = torch.optim.AdamW(P.values(), lr=lr, betas=(0.9, 0.999), eps=1e-8, weight_decay=0)
windows, held_windows = pack(train), pack(held)
for step in range(1, steps + 1):
    t = (step - WARMUP) / max(1, steps - WARMUP)
    cur = lr * step / WARMUP if step <= WARMUP else lr * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * t)))
    for g in opt.param_groups:
        g["lr"] = cur
    x, y = windows[(step - 1) % len(windows)]
    loss = F.cross_entropy(forward(x), y, ignore_index=-100)
    opt.zero_grad()
    loss.backward()
    opt.step()
    if step % 25 == 0:
        print(step, round(loss.item(), 3), flush=True)
with torch.no_grad():
    total = sum(F.cross_entropy(forward(a), b, ignore_index=-100, reduction="sum").item() for a, b in held_windows)
    print("held-out", round(total / sum((b >= 0).sum().item() for _, b in held_windows), 3))
