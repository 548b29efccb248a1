#!/usr/bin/env python3
"""Checks the CNN presets against torchvision itself: its parameter count and a MAC count at the
level of PyTorch's kernels (aten mm, addmm, bmm and convolution, so that the products inside
attention count as torchvision's _ops counts them), beside the counts the CLI gives the preset.

A check run by hand when presets change, not a test: it needs torch and torchvision (Debian's
python3-torch and python3-torchvision), which neither the generator nor the tests need.

    /usr/bin/python3 tools/zoo/check_cnn_presets_with_torch.py build/app/nn-energy-explorer [preset ...]

Prints one line per preset and exits 1 if any parameter or MAC count differs.
"""

import json
import pathlib
import subprocess
import sys

import torch
import torchvision
from torch.utils._python_dispatch import TorchDispatchMode

PRESETS = pathlib.Path(__file__).resolve().parents[2] / "presets" / "models"
ATEN = torch.ops.aten


class MacCounter(TorchDispatchMode):
    """Multiply-accumulates of the matrix products and convolutions PyTorch runs."""

    def __init__(self):
        super().__init__()
        self.macs = 0

    def __torch_dispatch__(self, func, types, args=(), kwargs=None):
        out = func(*args, **(kwargs or {}))
        packet = func.overloadpacket
        if packet in (ATEN.mm, ATEN.bmm):
            self.macs += out.numel() * args[0].shape[-1]
        elif packet is ATEN.addmm:
            self.macs += out.numel() * args[1].shape[-1]
        elif packet is ATEN.convolution:
            weight = args[1]
            self.macs += out.numel() * weight[0].numel()
        return out


def torchvision_counts(function, resolution):
    # GoogLeNet's published weights come without the auxiliary classifiers, which the builder adds
    # when it is given no weights.
    options = {"aux_logits": False, "init_weights": False} if function == "googlenet" else {}
    model = getattr(torchvision.models, function)(**options).eval()
    counter = MacCounter()
    # With gradients on: under no_grad, MultiheadAttention takes its fused fast path, one kernel
    # whose products the counter does not see.
    with counter:
        model(torch.zeros(1, 3, resolution, resolution))
    return sum(p.numel() for p in model.parameters()), counter.macs


def main():
    cli = sys.argv[1]
    wanted = set(sys.argv[2:])
    failed = False
    for path in sorted(PRESETS.glob("*.json")):
        preset = json.loads(path.read_text(encoding="utf-8"))
        source = preset.get("declared", {}).get("source", "")
        if preset.get("architecture") != "cnn" or "torchvision" not in source:
            continue
        if wanted and preset["id"] not in wanted:
            continue
        function = source.split(",")[0]  # "resnet50, ResNet50_Weights...": the builder's name
        parameters, macs = torchvision_counts(function, preset["input"]["height"])
        counted = json.loads(subprocess.check_output([cli, "counts", preset["id"], "--format", "json"]))
        same = counted["parameters"] == parameters and counted["macs_per_sample"] == macs
        failed |= not same
        verdict = "ok" if same else "DIFF"
        print(
            "%-22s %-4s  torchvision %d parameters, %d MACs; preset %d, %d"
            % (preset["id"], verdict, parameters, macs, counted["parameters"], counted["macs_per_sample"])
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
