#!/usr/bin/env python3
"""Writes the CNN model-zoo presets (presets/models/*.json) from torchvision's architectures.

Run once by hand from anywhere; the output is committed and the tests read only the JSON:

    python3 tools/zoo/make_cnn_presets.py

Each model is written layer by layer as torchvision builds it (torchvision/models/*.py, eval mode,
224 x 224 input), with torchvision's module names; operations that torchvision calls as functions
(torch.flatten, F.relu, `+`, `*`, torch.cat) get a descriptive name beside their module's. The
"declared" block holds torchvision's published figures for the model's weights: "num_params" and
"_ops" (documented as GFLOPS, but a count of multiply-accumulates), so that the tests can check the
counted architecture against them.

Python standard library only.
"""

import json
import pathlib

PRESETS = pathlib.Path(__file__).resolve().parents[2] / "presets" / "models"

# torchvision added "_ops" (and "_file_size") to its weights' meta in 0.15 (pull request #6936).
TORCHVISION = "torchvision 0.15 and later"

# The activation kinds of the model format, by torchvision's module.
RELU, RELU6, HARDSWISH, HARDSIGMOID, SILU, SIGMOID, GELU = (
    "relu",
    "relu6",
    "hardswish",
    "hardsigmoid",
    "silu",
    "sigmoid",
    "gelu",
)


def make_divisible(value, divisor=8):
    """torchvision.models._utils._make_divisible: round to a multiple of 8, not down by over 10 %."""
    new_value = max(divisor, int(value + divisor / 2) // divisor * divisor)
    if new_value < 0.9 * value:
        new_value += divisor
    return new_value


class Network:
    """Layers in execution order; a layer reads the previous one unless given `inputs`."""

    def __init__(self):
        self.layers = []
        self.last = "input"

    def layer(self, name, kind, inputs=None, **fields):
        entry = {"name": name, "kind": kind}
        if inputs is not None and list(inputs) != [self.last]:
            entry["inputs"] = list(inputs)
        entry.update(fields)
        if any(layer["name"] == name for layer in self.layers):
            raise ValueError("duplicate layer name " + name)
        self.layers.append(entry)
        self.last = name
        return name

    def conv(self, name, out_channels, kernel, stride=1, padding=0, groups=1, bias=False, inputs=None):
        fields = {"out_channels": out_channels, "kernel": kernel}
        if stride != 1:
            fields["stride"] = stride
        if padding != 0:
            fields["padding"] = padding
        if groups != 1:
            fields["groups"] = groups
        fields["bias"] = bias
        return self.layer(name, "conv", inputs, **fields)

    def linear(self, name, out_features, inputs=None):
        return self.layer(name, "linear", inputs, out_features=out_features, bias=True)

    def max_pool(self, name, kernel, stride, padding=0, ceil_mode=False, inputs=None):
        fields = {"kernel": kernel}
        if stride != kernel:
            fields["stride"] = stride
        if padding != 0:
            fields["padding"] = padding
        if ceil_mode:
            fields["ceil_mode"] = True
        return self.layer(name, "max_pool", inputs, **fields)

    def simple(self, name, kind, inputs=None):
        return self.layer(name, kind, inputs)

    def conv_norm_activation(self, prefix, out_channels, kernel, stride=1, groups=1, activation=None, inputs=None):
        """torchvision.ops.Conv2dNormActivation: conv (no bias) `.0`, batch norm `.1`, activation `.2`."""
        self.conv(prefix + ".0", out_channels, kernel, stride, (kernel - 1) // 2, groups, inputs=inputs)
        self.simple(prefix + ".1", "batch_norm")
        if activation:
            self.simple(prefix + ".2", activation)
        return self.last

    def squeeze_excitation(self, prefix, channels, squeeze_channels, activation, scale_activation):
        """torchvision.ops.SqueezeExcitation: scale = sigma(fc2(delta(fc1(avgpool(x))))); scale * x."""
        features = self.last
        self.simple(prefix + ".avgpool", "global_avg_pool")
        self.conv(prefix + ".fc1", squeeze_channels, 1, bias=True)
        self.simple(prefix + ".activation", activation)
        self.conv(prefix + ".fc2", channels, 1, bias=True)
        scale = self.simple(prefix + ".scale_activation", scale_activation)
        return self.layer(prefix + ".multiply", "multiply", [scale, features])

    def classifier_tail(self, pool_name="avgpool"):
        self.simple(pool_name, "global_avg_pool")
        self.simple("flatten", "flatten")


# ------------------------------------------------------------------------------------------------
# Architectures (torchvision/models/*.py)


def resnet(block, stage_blocks):
    """torchvision.models.resnet.ResNet with BasicBlock (expansion 1) or Bottleneck (expansion 4)."""
    net = Network()
    net.conv("conv1", 64, 7, 2, 3)
    net.simple("bn1", "batch_norm")
    net.simple("relu", RELU)
    net.max_pool("maxpool", 3, 2, 1)
    expansion = 1 if block == "basic" else 4
    in_planes = 64
    for stage, (planes, blocks) in enumerate(zip((64, 128, 256, 512), stage_blocks)):
        for index in range(blocks):
            prefix = "layer%d.%d" % (stage + 1, index)
            stride = 2 if stage > 0 and index == 0 else 1
            block_input = net.last
            if block == "basic":
                net.conv(prefix + ".conv1", planes, 3, stride, 1, inputs=[block_input])
                net.simple(prefix + ".bn1", "batch_norm")
                net.simple(prefix + ".relu1", RELU)
                net.conv(prefix + ".conv2", planes, 3, 1, 1)
                residual = net.simple(prefix + ".bn2", "batch_norm")
            else:
                net.conv(prefix + ".conv1", planes, 1, inputs=[block_input])
                net.simple(prefix + ".bn1", "batch_norm")
                net.simple(prefix + ".relu1", RELU)
                net.conv(prefix + ".conv2", planes, 3, stride, 1)
                net.simple(prefix + ".bn2", "batch_norm")
                net.simple(prefix + ".relu2", RELU)
                net.conv(prefix + ".conv3", planes * expansion, 1)
                residual = net.simple(prefix + ".bn3", "batch_norm")
            shortcut = block_input
            if stride != 1 or in_planes != planes * expansion:
                net.conv(prefix + ".downsample.0", planes * expansion, 1, stride, inputs=[block_input])
                shortcut = net.simple(prefix + ".downsample.1", "batch_norm")
            net.layer(prefix + ".add", "add", [residual, shortcut])
            net.simple(prefix + (".relu2" if block == "basic" else ".relu3"), RELU)
            in_planes = planes * expansion
    net.classifier_tail()
    net.linear("fc", 1000)
    return net


def mobilenet_v2():
    """torchvision.models.mobilenetv2.MobileNetV2, width 1.0."""
    net = Network()
    net.conv_norm_activation("features.0", 32, 3, 2, activation=RELU6)
    in_channels = 32
    index = 0
    # t (expansion), c (output channels), n (blocks), s (stride of the first)
    for expansion, out_channels, blocks, first_stride in (
        (1, 16, 1, 1),
        (6, 24, 2, 2),
        (6, 32, 3, 2),
        (6, 64, 4, 2),
        (6, 96, 3, 1),
        (6, 160, 3, 2),
        (6, 320, 1, 1),
    ):
        for block in range(blocks):
            index += 1
            prefix = "features.%d.conv" % index
            stride = first_stride if block == 0 else 1
            hidden = int(round(in_channels * expansion))
            block_input = net.last
            part = 0
            if expansion != 1:
                net.conv_norm_activation("%s.%d" % (prefix, part), hidden, 1, activation=RELU6)
                part += 1
            net.conv_norm_activation("%s.%d" % (prefix, part), hidden, 3, stride, hidden, RELU6)
            net.conv("%s.%d" % (prefix, part + 1), out_channels, 1)
            residual = net.simple("%s.%d" % (prefix, part + 2), "batch_norm")
            if stride == 1 and in_channels == out_channels:
                net.layer("features.%d.add" % index, "add", [residual, block_input])
            in_channels = out_channels
    net.conv_norm_activation("features.18", 1280, 1, activation=RELU6)
    net.classifier_tail()  # nn.functional.adaptive_avg_pool2d and torch.flatten
    net.simple("classifier.0", "dropout")
    net.linear("classifier.1", 1000)
    return net


def mobilenet_v3_large():
    """torchvision.models.mobilenetv3.MobileNetV3, "mobilenet_v3_large", width 1.0."""
    net = Network()
    net.conv_norm_activation("features.0", 16, 3, 2, activation=HARDSWISH)
    # input channels, kernel, expanded channels, output channels, squeeze-excitation, activation, stride
    settings = (
        (16, 3, 16, 16, False, RELU, 1),
        (16, 3, 64, 24, False, RELU, 2),
        (24, 3, 72, 24, False, RELU, 1),
        (24, 5, 72, 40, True, RELU, 2),
        (40, 5, 120, 40, True, RELU, 1),
        (40, 5, 120, 40, True, RELU, 1),
        (40, 3, 240, 80, False, HARDSWISH, 2),
        (80, 3, 200, 80, False, HARDSWISH, 1),
        (80, 3, 184, 80, False, HARDSWISH, 1),
        (80, 3, 184, 80, False, HARDSWISH, 1),
        (80, 3, 480, 112, True, HARDSWISH, 1),
        (112, 3, 672, 112, True, HARDSWISH, 1),
        (112, 5, 672, 160, True, HARDSWISH, 2),
        (160, 5, 960, 160, True, HARDSWISH, 1),
        (160, 5, 960, 160, True, HARDSWISH, 1),
    )
    for index, (in_channels, kernel, expanded, out_channels, use_se, activation, stride) in enumerate(settings, 1):
        prefix = "features.%d.block" % index
        block_input = net.last
        part = 0
        if expanded != in_channels:
            net.conv_norm_activation("%s.%d" % (prefix, part), expanded, 1, activation=activation)
            part += 1
        net.conv_norm_activation("%s.%d" % (prefix, part), expanded, kernel, stride, expanded, activation)
        part += 1
        if use_se:
            squeeze = make_divisible(expanded // 4, 8)
            net.squeeze_excitation("%s.%d" % (prefix, part), expanded, squeeze, RELU, HARDSIGMOID)
            part += 1
        residual = net.conv_norm_activation("%s.%d" % (prefix, part), out_channels, 1)
        if stride == 1 and in_channels == out_channels:
            net.layer("features.%d.add" % index, "add", [residual, block_input])
    net.conv_norm_activation("features.16", 960, 1, activation=HARDSWISH)
    net.classifier_tail()
    net.linear("classifier.0", 1280)
    net.simple("classifier.1", HARDSWISH)
    net.simple("classifier.2", "dropout")
    net.linear("classifier.3", 1000)
    return net


def efficientnet_b0():
    """torchvision.models.efficientnet.EfficientNet, "efficientnet_b0" (width 1.0, depth 1.0)."""
    net = Network()
    net.conv_norm_activation("features.0", 32, 3, 2, activation=SILU)
    # expand ratio, kernel, stride, input channels, output channels, blocks
    stages = (
        (1, 3, 1, 32, 16, 1),
        (6, 3, 2, 16, 24, 2),
        (6, 5, 2, 24, 40, 2),
        (6, 3, 2, 40, 80, 3),
        (6, 5, 1, 80, 112, 3),
        (6, 5, 2, 112, 192, 4),
        (6, 3, 1, 192, 320, 1),
    )
    for stage, (expand_ratio, kernel, first_stride, first_in, out_channels, blocks) in enumerate(stages, 1):
        for block in range(blocks):
            prefix = "features.%d.%d" % (stage, block)
            in_channels = first_in if block == 0 else out_channels
            stride = first_stride if block == 0 else 1
            expanded = make_divisible(in_channels * expand_ratio, 8)
            block_input = net.last
            part = 0
            if expanded != in_channels:
                net.conv_norm_activation("%s.block.%d" % (prefix, part), expanded, 1, activation=SILU)
                part += 1
            net.conv_norm_activation("%s.block.%d" % (prefix, part), expanded, kernel, stride, expanded, SILU)
            part += 1
            net.squeeze_excitation("%s.block.%d" % (prefix, part), expanded, max(1, in_channels // 4), SILU, SIGMOID)
            part += 1
            net.conv_norm_activation("%s.block.%d" % (prefix, part), out_channels, 1)
            if stride == 1 and in_channels == out_channels:
                residual = net.simple(prefix + ".stochastic_depth", "dropout")  # the identity at inference
                net.layer(prefix + ".add", "add", [residual, block_input])
    net.conv_norm_activation("features.8", 1280, 1, activation=SILU)
    net.classifier_tail()
    net.simple("classifier.0", "dropout")
    net.linear("classifier.1", 1000)
    return net


def googlenet():
    """torchvision.models.googlenet.GoogLeNet in eval mode, without the auxiliary classifiers."""
    net = Network()

    def basic_conv(prefix, out_channels, kernel, stride=1, padding=0, inputs=None):
        # BasicConv2d: conv (no bias), batch norm, then F.relu (a function, named here).
        net.conv(prefix + ".conv", out_channels, kernel, stride, padding, inputs=inputs)
        net.simple(prefix + ".bn", "batch_norm")
        return net.simple(prefix + ".relu", RELU)

    def inception(name, ch1x1, ch3x3red, ch3x3, ch5x5red, ch5x5, pool_proj):
        block_input = net.last
        branch1 = basic_conv(name + ".branch1", ch1x1, 1, inputs=[block_input])
        basic_conv(name + ".branch2.0", ch3x3red, 1, inputs=[block_input])
        branch2 = basic_conv(name + ".branch2.1", ch3x3, 3, padding=1)
        basic_conv(name + ".branch3.0", ch5x5red, 1, inputs=[block_input])
        # torchvision's kernel_size=3 where the paper has 5x5 (pytorch/vision#906).
        branch3 = basic_conv(name + ".branch3.1", ch5x5, 3, padding=1)
        net.max_pool(name + ".branch4.0", 3, 1, 1, ceil_mode=True, inputs=[block_input])
        branch4 = basic_conv(name + ".branch4.1", pool_proj, 1)
        return net.layer(name + ".cat", "concat", [branch1, branch2, branch3, branch4])

    basic_conv("conv1", 64, 7, 2, 3)
    net.max_pool("maxpool1", 3, 2, ceil_mode=True)
    basic_conv("conv2", 64, 1)
    basic_conv("conv3", 192, 3, padding=1)
    net.max_pool("maxpool2", 3, 2, ceil_mode=True)
    inception("inception3a", 64, 96, 128, 16, 32, 32)
    inception("inception3b", 128, 128, 192, 32, 96, 64)
    net.max_pool("maxpool3", 3, 2, ceil_mode=True)
    inception("inception4a", 192, 96, 208, 16, 48, 64)
    inception("inception4b", 160, 112, 224, 24, 64, 64)
    inception("inception4c", 128, 128, 256, 24, 64, 64)
    inception("inception4d", 112, 144, 288, 32, 64, 64)
    inception("inception4e", 256, 160, 320, 32, 128, 128)
    net.max_pool("maxpool4", 2, 2, ceil_mode=True)
    inception("inception5a", 256, 160, 320, 32, 128, 128)
    inception("inception5b", 384, 192, 384, 48, 128, 128)
    net.classifier_tail()
    net.simple("dropout", "dropout")
    net.linear("fc", 1000)
    return net


def vgg16():
    """torchvision.models.vgg.VGG, configuration "D" without batch norm."""
    net = Network()
    index = 0
    for value in (64, 64, "M", 128, 128, "M", 256, 256, 256, "M", 512, 512, 512, "M", 512, 512, 512, "M"):
        if value == "M":
            net.max_pool("features.%d" % index, 2, 2)
            index += 1
        else:
            net.conv("features.%d" % index, value, 3, padding=1, bias=True)
            net.simple("features.%d" % (index + 1), RELU)
            index += 2
    # AdaptiveAvgPool2d((7, 7)) of the 7 x 7 map at 224 x 224: one element per window.
    net.layer("avgpool", "avg_pool", kernel=1)
    net.simple("flatten", "flatten")
    net.linear("classifier.0", 4096)
    net.simple("classifier.1", RELU)
    net.simple("classifier.2", "dropout")
    net.linear("classifier.3", 4096)
    net.simple("classifier.4", RELU)
    net.simple("classifier.5", "dropout")
    net.linear("classifier.6", 1000)
    return net


def vit_b_16():
    """torchvision.models.vision_transformer.VisionTransformer, "vit_b_16" (patch 16, 12 layers,
    12 heads, hidden 768, MLP 3072), image size 224."""
    hidden, mlp, heads, layers = 768, 3072, 12, 12
    net = Network()
    net.conv("conv_proj", hidden, 16, 16, bias=True)
    net.simple("to_tokens", "to_tokens")  # _process_input: reshape and permute to 196 tokens
    net.simple("class_token", "class_token")  # torch.cat([class_token, x], dim=1)
    net.simple("encoder.pos_embedding", "position_embedding")
    net.simple("encoder.dropout", "dropout")
    for index in range(layers):
        prefix = "encoder.layers.encoder_layer_%d" % index
        block_input = net.last
        net.simple(prefix + ".ln_1", "layer_norm")
        net.layer(prefix + ".self_attention", "self_attention", heads=heads, bias=True)
        attention = net.simple(prefix + ".dropout", "dropout")
        attended = net.layer(prefix + ".add_attention", "add", [attention, block_input])
        net.simple(prefix + ".ln_2", "layer_norm")
        # MLPBlock's Linear layers act on each token: a 1x1 convolution of the C x T x 1 sequence.
        net.conv(prefix + ".mlp.0", mlp, 1, bias=True)
        net.simple(prefix + ".mlp.1", GELU)
        net.simple(prefix + ".mlp.2", "dropout")
        net.conv(prefix + ".mlp.3", hidden, 1, bias=True)
        mlp_output = net.simple(prefix + ".mlp.4", "dropout")
        net.layer(prefix + ".add_mlp", "add", [mlp_output, attended])
    net.simple("encoder.ln", "layer_norm")
    net.simple("select_class_token", "select_class_token")  # x[:, 0]
    net.linear("heads.head", 1000)
    return net


# ------------------------------------------------------------------------------------------------
# Presets

COMMON_NOTE = (
    "torchvision labels _ops GFLOPS but counts one per multiply-accumulate of every convolution, "
    "linear layer and matrix product (pytorch/vision pull request #6936), so it is declared as macs_per_sample, "
    "_ops x 1e9 as printed."
)
BATCH_NORM_NOTE = "Parameters include batch-norm scale and shift, not the running statistics."


def preset(preset_id, name, function, weights, module, num_params, ops, architecture, extra_note="", extra_text=""):
    description = (
        "torchvision's %s (torchvision.models.%s) at 224x224 in eval mode, layer by layer with torchvision's "
        "module names; FP16 weights and activations, as the model is commonly deployed. Declared: torchvision's "
        "published parameter count and GFLOPS (multiply-accumulates).%s" % (name, function, extra_text)
    )
    layers = architecture().layers
    notes = [COMMON_NOTE]
    if any(layer["kind"] == "batch_norm" for layer in layers):
        notes.append(BATCH_NORM_NOTE)
    if extra_note:
        notes.append(extra_note)
    return {
        "format": "nn-energy-explorer/model",
        "version": 1,
        "id": preset_id,
        "name": name + " (torchvision)",
        "description": description,
        "architecture": "cnn",
        "precision": {"weight": "FP16", "activation": "FP16", "kv_cache": "FP16", "mac": "FP16"},
        "declared": {
            "parameters": num_params,
            "macs_per_sample": round(ops * 1e9),
            "source": "%s, %s.meta: num_params %d, _ops %s (torchvision/models/%s, %s)"
            % (function, weights, num_params, repr(ops), module, TORCHVISION),
            "note": " ".join(notes),
        },
        "input": {"channels": 3, "height": 224, "width": 224},
        "count_batch_norm_parameters": True,
        "layers": layers,
    }


PRESET_LIST = [
    preset(
        "resnet18-torchvision",
        "ResNet18",
        "resnet18",
        "ResNet18_Weights.IMAGENET1K_V1",
        "resnet.py",
        11689512,
        1.814,
        lambda: resnet("basic", (2, 2, 2, 2)),
        extra_text=" The preset resnet18 is the same network with the Electronics paper's own figures.",
    ),
    preset(
        "resnet34",
        "ResNet34",
        "resnet34",
        "ResNet34_Weights.IMAGENET1K_V1",
        "resnet.py",
        21797672,
        3.664,
        lambda: resnet("basic", (3, 4, 6, 3)),
    ),
    preset(
        "resnet50",
        "ResNet50",
        "resnet50",
        "ResNet50_Weights.IMAGENET1K_V2",
        "resnet.py",
        25557032,
        4.089,
        lambda: resnet("bottleneck", (3, 4, 6, 3)),
        extra_note="IMAGENET1K_V1 states the same figures.",
    ),
    preset(
        "mobilenet-v2",
        "MobileNetV2",
        "mobilenet_v2",
        "MobileNet_V2_Weights.IMAGENET1K_V1",
        "mobilenetv2.py",
        3504872,
        0.301,
        mobilenet_v2,
        extra_note="avgpool and flatten are functions in torchvision (adaptive_avg_pool2d, torch.flatten).",
    ),
    preset(
        "mobilenet-v3-large",
        "MobileNetV3-Large",
        "mobilenet_v3_large",
        "MobileNet_V3_Large_Weights.IMAGENET1K_V2",
        "mobilenetv3.py",
        5483032,
        0.217,
        mobilenet_v3_large,
        extra_note="IMAGENET1K_V1 states the same figures. The squeeze-and-excitation product (scale * input) "
        "and the activations count no MACs.",
    ),
    preset(
        "efficientnet-b0",
        "EfficientNet-B0",
        "efficientnet_b0",
        "EfficientNet_B0_Weights.IMAGENET1K_V1",
        "efficientnet.py",
        5288548,
        0.386,
        efficientnet_b0,
        extra_note="Stochastic depth is the identity at inference and is written as dropout.",
    ),
    preset(
        "googlenet",
        "GoogLeNet",
        "googlenet",
        "GoogLeNet_Weights.IMAGENET1K_V1",
        "googlenet.py",
        6624904,
        1.498,
        googlenet,
        extra_note="Eval mode without the auxiliary classifiers, which the published weights drop; "
        "transform_input changes no count. Each inception block's branch3 has a 3x3 convolution where the "
        "paper has 5x5 (pytorch/vision#906); max pools use ceil_mode.",
    ),
    preset(
        "vgg16",
        "VGG16",
        "vgg16",
        "VGG16_Weights.IMAGENET1K_V1",
        "vgg.py",
        138357544,
        15.47,
        vgg16,
        extra_note="_ops is printed to 2 decimals for this model. AdaptiveAvgPool2d((7, 7)) on the 7x7 map at "
        "224x224 is written as a 1x1 average pool.",
    ),
    preset(
        "vit-b-16",
        "ViT-B/16",
        "vit_b_16",
        "ViT_B_16_Weights.IMAGENET1K_V1",
        "vision_transformer.py",
        86567656,
        17.564,
        vit_b_16,
        extra_note="The 197 tokens (196 patches and the class token) are the sequence 768 x 197 x 1; the MLP's "
        "linear layers are 1x1 convolutions of it. _ops includes each attention's query-key and "
        "weight-value products, 2 x 197^2 x 768 MACs per layer.",
    ),
]


def write(model):
    """The layout of presets/models/resnet18.json: keys indented, one layer per line."""
    header = {key: value for key, value in model.items() if key != "layers"}
    text = json.dumps(header, indent=2, ensure_ascii=False)
    layers = ",\n".join("    " + json.dumps(layer, ensure_ascii=False) for layer in model["layers"])
    text = text[: text.rindex("}")].rstrip() + ',\n  "layers": [\n' + layers + "\n  ]\n}\n"
    json.loads(text)  # still JSON
    path = PRESETS / (model["id"] + ".json")
    path.write_text(text, encoding="utf-8")
    return path


def main():
    for model in PRESET_LIST:
        path = write(model)
        print("%s: %d layers" % (path.relative_to(PRESETS.parents[1]), len(model["layers"])))


if __name__ == "__main__":
    main()
