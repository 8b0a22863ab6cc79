#!/usr/bin/env python3
"""Checks the gradient that `coleta train --full` uses, in llama.cpp's real training graph.

Adam's first step moves each trained weight by -lr * sign(gradient). This script takes that
step once (lr 1e-5), then for N random elements of TENSOR measures the loss of the same first
window with the element moved by +-0.05 (the step-1 loss of a run at lr 1e-12, which is
computed before any update) and checks that the central difference has the opposite sign of
the step. Needs numpy and llama.cpp's gguf-py (taken from the native build cache).

usage: scripts/check-train-gradient.py MODEL.gguf DATA.jsonl TENSOR TARGETS [N]
e.g.   scripts/check-train-gradient.py base.gguf mix.jsonl blk.0.attn_k.weight k 12
"""
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile

here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
info = open(os.path.join(here, 'native/target/native/BUILD-INFO')).read()
key = info.split('build=')[1].split()[0]
cache = os.environ.get('COLETA_CACHE', os.path.expanduser('~/.cache/coleta'))
sys.path.insert(0, os.path.join(cache, 'build', key, 'llama.cpp', 'gguf-py'))
import numpy as np  # noqa: E402
from gguf import GGUFReader  # noqa: E402

model, data, tensor, targets = sys.argv[1:5]
n_checks = int(sys.argv[5]) if len(sys.argv) > 5 else 12
lib = os.path.join(here, 'native/target/native/libcoleta.so')
tmp = tempfile.mkdtemp()


def locate(path):
    for t in GGUFReader(path).tensors:
        if t.name == tensor:
            return int(t.data_offset), int(t.n_elements)
    sys.exit(f'{path} has no tensor {tensor}')


def first_loss(path, out, lr):
    subprocess.run([os.path.join(here, 'scripts/coleta'), 'train', '--quiet', '--full', '--model', path, '--data', data,
                    '--out', out, '--ctx', '1024', '--max-steps', '1', '--lr', lr, '--warmup', '0', '--threads', '2',
                    '--seed', '1', '--targets', targets],
                   env=dict(os.environ, COLETA_NATIVE_PATH=lib), check=True, capture_output=True)
    with open(out + '.log.jsonl') as f:
        return json.loads(f.readline())['train_loss']


offset, n = locate(model)
stepped = os.path.join(tmp, 'step.gguf')
first_loss(model, stepped, '1e-5')
w0 = np.fromfile(model, dtype=np.float32, count=n, offset=offset)
w1 = np.fromfile(stepped, dtype=np.float32, count=n, offset=locate(stepped)[0])
step = w1 - w0
agree = 0
for i in np.random.default_rng(0).choice(n, n_checks, replace=False):
    losses = []
    for delta in (0.05, -0.05):
        moved = os.path.join(tmp, 'moved.gguf')
        shutil.copy(model, moved)
        with open(moved, 'r+b') as f:
            f.seek(offset + 4 * int(i))
            f.write(np.float32(w0[i] + delta).tobytes())
        losses.append(first_loss(moved, os.path.join(tmp, 'x.gguf'), '1e-12'))
    numeric = (losses[0] - losses[1]) / 0.1
    ok = np.sign(numeric) == -np.sign(step[i])
    agree += int(ok)
    print(f'{tensor}[{i}] central difference {numeric:+.5f}  Adam step {step[i]:+.1e}  {"agree" if ok else "DISAGREE"}')
print(f'{agree}/{n_checks} signs agree')
for f in glob.glob(os.path.join(tmp, '*')):
    shutil.rmtree(f) if os.path.isdir(f) else os.remove(f)
os.rmdir(tmp)
sys.exit(0 if agree == n_checks else 1)
