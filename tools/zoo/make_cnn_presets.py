#!/usr/bin/env python3
"""Writes the CNN model-zoo presets (presets/models/*.json) from torchvision's architectures.

Run once by hand from anywhere; the output is committed and the tests read only the JSON:

    python3 tools/zoo/make_cnn_presets.py

Each model is written layer by layer as torchvision builds it (torchvision/models/*.py, eval mode,
at the crop of its weights' inference transforms: 224 x 224, 384 x 384 for EfficientNetV2-S), with
torchvision's module names; operations that torchvision calls as functions
(torch.flatten, F.relu, `+`, `*`, torch.cat) get a descriptive name beside their module's. The
"declared" block holds torchvision's published figures for the model's weights: "num_params" and
"_ops" (documented as GFLOPS, but a count of multiply-accumulates), so that the tests can check the
counted architecture against them.

Python standard library only.
"""

import json
import math
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


def mbconv(net, prefix, in_channels, out_channels, expanded, kernel, stride):
    """torchvision's MBConv: a 1x1 expansion (unless the ratio is 1), the depthwise k x k convolution,
    squeeze-and-excitation and the 1x1 projection, numbered block.0, block.1, ... as torchvision does."""
    parts = []
    if expanded != in_channels:
        parts.append(lambda name: net.conv_norm_activation(name, expanded, 1, activation=SILU))
    parts.append(lambda name: net.conv_norm_activation(name, expanded, kernel, stride, expanded, SILU))
    parts.append(lambda name: net.squeeze_excitation(name, expanded, max(1, in_channels // 4), SILU, SIGMOID))
    parts.append(lambda name: net.conv_norm_activation(name, out_channels, 1))
    for part, add in enumerate(parts):
        add("%s.block.%d" % (prefix, part))


def efficientnet_residual(net, prefix, block_input, in_channels, out_channels, stride):
    """A block that keeps its shape adds its input back (stochastic depth is the identity at inference)."""
    if stride == 1 and in_channels == out_channels:
        residual = net.simple(prefix + ".stochastic_depth", "dropout")
        net.layer(prefix + ".add", "add", [residual, block_input])


def efficientnet_head(net, name):
    """The 1x1 convolution to 1280 channels, pooling, dropout and the 1000-class linear layer."""
    net.conv_norm_activation(name, 1280, 1, activation=SILU)
    net.classifier_tail()
    net.simple("classifier.0", "dropout")
    net.linear("classifier.1", 1000)


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
            mbconv(net, prefix, in_channels, out_channels, expanded, kernel, stride)
            efficientnet_residual(net, prefix, block_input, in_channels, out_channels, stride)
    efficientnet_head(net, "features.8")
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


def densenet121():
    """torchvision.models.densenet.DenseNet, "densenet121" (growth rate 32, blocks 6, 12, 24, 16,
    64 initial features, bottleneck 4 x growth rate)."""
    growth_rate, bottleneck = 32, 4 * 32
    net = Network()
    net.conv("features.conv0", 64, 7, 2, 3)
    net.simple("features.norm0", "batch_norm")
    net.simple("features.relu0", RELU)
    net.max_pool("features.pool0", 3, 2, 1)
    channels = 64
    for block, layers in enumerate((6, 12, 24, 16), 1):
        # _DenseBlock: each layer reads torch.cat of the block input and every earlier layer's output.
        features = [net.last]
        for index in range(1, layers + 1):
            prefix = "features.denseblock%d.denselayer%d" % (block, index)
            if len(features) > 1:
                net.layer(prefix + ".cat", "concat", features)
            net.simple(prefix + ".norm1", "batch_norm")
            net.simple(prefix + ".relu1", RELU)
            net.conv(prefix + ".conv1", bottleneck, 1)
            net.simple(prefix + ".norm2", "batch_norm")
            net.simple(prefix + ".relu2", RELU)
            features.append(net.conv(prefix + ".conv2", growth_rate, 3, padding=1))
        net.layer("features.denseblock%d.cat" % block, "concat", features)
        channels += layers * growth_rate
        if block != 4:
            prefix = "features.transition%d" % block
            net.simple(prefix + ".norm", "batch_norm")
            net.simple(prefix + ".relu", RELU)
            channels //= 2
            net.conv(prefix + ".conv", channels, 1)
            net.layer(prefix + ".pool", "avg_pool", kernel=2)
    net.simple("features.norm5", "batch_norm")
    net.simple("relu", RELU)  # F.relu in DenseNet.forward
    net.classifier_tail()  # F.adaptive_avg_pool2d and torch.flatten
    net.linear("classifier", 1000)
    return net


def regnet_stage_settings(depth, w_0, w_a, w_m, group_width):
    """torchvision.models.regnet.BlockParams.from_init_params (bottleneck multiplier 1): each stage's
    (width, blocks, group width), from the quantized linear widths of the RegNet paper."""
    quant = 8
    block_widths = []
    for index in range(depth):
        capacity = round(math.log((index * w_a + w_0) / w_0) / math.log(w_m))
        block_widths.append(int(round(w_0 * math.pow(w_m, capacity) / quant) * quant))
    stages = []
    for width in block_widths:
        if stages and stages[-1][0] == width:
            stages[-1][1] += 1
        else:
            stages.append([width, 1])
    settings = []
    for width, blocks in stages:
        # _adjust_widths_groups_compatibilty: a group no wider than the stage, widths a multiple of it.
        group = min(group_width, width)
        settings.append((make_divisible(width, group), blocks, group))
    return settings


def regnet_y_400mf():
    """torchvision.models.regnet.RegNet, "regnet_y_400mf" (depth 16, w_0 48, w_a 27.89, w_m 2.09,
    group width 8, squeeze-and-excitation ratio 0.25), ResBottleneckBlock, ReLU."""
    net = Network()
    net.conv_norm_activation("stem", 32, 3, 2, activation=RELU)  # SimpleStemIN
    width_in = 32
    for stage, (width, blocks, group_width) in enumerate(regnet_stage_settings(16, 48, 27.89, 2.09, 8), 1):
        for index in range(blocks):
            prefix = "trunk_output.block%d.block%d-%d" % (stage, stage, index)
            stride = 2 if index == 0 else 1
            block_input = net.last
            # BottleneckTransform with bottleneck multiplier 1: its width is the block's.
            net.conv_norm_activation(prefix + ".f.a", width, 1, activation=RELU, inputs=[block_input])
            net.conv_norm_activation(prefix + ".f.b", width, 3, stride, width // group_width, RELU)
            # The squeeze width follows the block's input width, not the bottleneck's.
            net.squeeze_excitation(prefix + ".f.se", width, int(round(0.25 * width_in)), RELU, SIGMOID)
            residual = net.conv_norm_activation(prefix + ".f.c", width, 1)
            shortcut = block_input
            if width_in != width or stride != 1:
                shortcut = net.conv_norm_activation(prefix + ".proj", width, 1, stride, inputs=[block_input])
            net.layer(prefix + ".add", "add", [shortcut, residual])
            net.simple(prefix + ".activation", RELU)
            width_in = width
    net.classifier_tail()
    net.linear("fc", 1000)
    return net


def efficientnet_v2_s():
    """torchvision.models.efficientnet.EfficientNet, "efficientnet_v2_s": FusedMBConv stages, then
    MBConv stages with squeeze-and-excitation, a 1280-channel head."""
    net = Network()
    net.conv_norm_activation("features.0", 24, 3, 2, activation=SILU)
    # block, expand ratio, kernel, stride, input channels, output channels, blocks
    stages = (
        ("fused", 1, 3, 1, 24, 24, 2),
        ("fused", 4, 3, 2, 24, 48, 4),
        ("fused", 4, 3, 2, 48, 64, 4),
        ("mbconv", 4, 3, 2, 64, 128, 6),
        ("mbconv", 6, 3, 1, 128, 160, 9),
        ("mbconv", 6, 3, 2, 160, 256, 15),
    )
    for stage, (block_type, expand_ratio, kernel, first_stride, first_in, out_channels, blocks) in enumerate(stages, 1):
        for block in range(blocks):
            prefix = "features.%d.%d" % (stage, block)
            in_channels = first_in if block == 0 else out_channels
            stride = first_stride if block == 0 else 1
            expanded = make_divisible(in_channels * expand_ratio, 8)
            block_input = net.last
            if block_type == "fused":
                if expanded != in_channels:
                    # The expansion is a full k x k convolution in place of MBConv's 1x1 and depthwise pair.
                    net.conv_norm_activation(prefix + ".block.0", expanded, kernel, stride, activation=SILU)
                    net.conv_norm_activation(prefix + ".block.1", out_channels, 1)
                else:
                    net.conv_norm_activation(prefix + ".block.0", out_channels, kernel, stride, activation=SILU)
            else:
                mbconv(net, prefix, in_channels, out_channels, expanded, kernel, stride)
            efficientnet_residual(net, prefix, block_input, in_channels, out_channels, stride)
    efficientnet_head(net, "features.7")
    return net


def shufflenet_v2_x1_0():
    """torchvision.models.shufflenetv2.ShuffleNetV2, "shufflenet_v2_x1_0" (stage repeats 4, 8, 4;
    channels 24, 116, 232, 464, 1024)."""
    net = Network()
    net.conv("conv1.0", 24, 3, 2, 1)
    net.simple("conv1.1", "batch_norm")
    net.simple("conv1.2", RELU)
    net.max_pool("maxpool", 3, 2, 1)
    in_channels = 24
    for stage, (repeats, out_channels) in enumerate(zip((4, 8, 4), (116, 232, 464)), 2):
        branch_features = out_channels // 2
        for index in range(repeats):
            prefix = "stage%d.%d" % (stage, index)
            stride = 2 if index == 0 else 1
            block_input = net.last
            if stride == 1:
                # x1, x2 = x.chunk(2, dim=1): x1 passes through, x2 goes through branch2.
                kept = net.layer(prefix + ".x1", "channel_split", [block_input], parts=2, part=1)
                branch2_input = net.layer(prefix + ".x2", "channel_split", [block_input], parts=2, part=2)
            else:
                net.conv(prefix + ".branch1.0", in_channels, 3, stride, 1, in_channels, inputs=[block_input])
                net.simple(prefix + ".branch1.1", "batch_norm")
                net.conv(prefix + ".branch1.2", branch_features, 1)
                net.simple(prefix + ".branch1.3", "batch_norm")
                kept = net.simple(prefix + ".branch1.4", RELU)
                branch2_input = block_input
            net.conv(prefix + ".branch2.0", branch_features, 1, inputs=[branch2_input])
            net.simple(prefix + ".branch2.1", "batch_norm")
            net.simple(prefix + ".branch2.2", RELU)
            net.conv(prefix + ".branch2.3", branch_features, 3, stride, 1, branch_features)
            net.simple(prefix + ".branch2.4", "batch_norm")
            net.conv(prefix + ".branch2.5", branch_features, 1)
            net.simple(prefix + ".branch2.6", "batch_norm")
            branch2 = net.simple(prefix + ".branch2.7", RELU)
            net.layer(prefix + ".cat", "concat", [kept, branch2])
            net.layer(prefix + ".channel_shuffle", "channel_shuffle", groups=2)
            in_channels = out_channels
    net.conv("conv5.0", 1024, 1)
    net.simple("conv5.1", "batch_norm")
    net.simple("conv5.2", RELU)
    net.layer("globalpool", "global_avg_pool")  # x.mean([2, 3])
    net.linear("fc", 1000)
    return net


def convnext_tiny():
    """torchvision.models.convnext.ConvNeXt, "convnext_tiny" (channels 96, 192, 384, 768; blocks 3,
    3, 9, 3), layer scale."""
    net = Network()
    net.conv("features.0.0", 96, 4, 4, bias=True)
    net.simple("features.0.1", "layer_norm")  # LayerNorm2d: each position over its channels
    index = 1
    for stage, (channels, blocks) in enumerate(zip((96, 192, 384, 768), (3, 3, 9, 3))):
        for block in range(blocks):
            prefix = "features.%d.%d" % (index, block)
            block_input = net.last
            net.conv(prefix + ".block.0", channels, 7, padding=3, groups=channels, bias=True)
            # block.1 and block.6 are Permutes to channels-last and back: a layout, nothing counted.
            net.simple(prefix + ".block.2", "layer_norm")
            # The Linear layers act on each position's channels: 1x1 convolutions of the feature map.
            net.conv(prefix + ".block.3", 4 * channels, 1, bias=True)
            net.simple(prefix + ".block.4", GELU)
            net.conv(prefix + ".block.5", channels, 1, bias=True)
            net.simple(prefix + ".layer_scale", "layer_scale")
            residual = net.simple(prefix + ".stochastic_depth", "dropout")  # the identity at inference
            net.layer(prefix + ".add", "add", [residual, block_input])
        index += 1
        if stage < 3:
            net.simple("features.%d.0" % index, "layer_norm")
            net.conv("features.%d.1" % index, 2 * channels, 2, 2, bias=True)
            index += 1
    net.simple("avgpool", "global_avg_pool")
    net.simple("classifier.0", "layer_norm")
    net.simple("classifier.1", "flatten")
    net.linear("classifier.2", 1000)
    return net


def swin_t():
    """torchvision.models.swin_transformer.SwinTransformer, "swin_t" (patch 4, embedding 96, depths
    2, 2, 6, 2, heads 3, 6, 12, 24, window 7, MLP ratio 4), PatchMerging."""
    net = Network()
    net.conv("features.0.0", 96, 4, 4, bias=True)
    # features.0.1 is a Permute to channels-last, as every layer after it works: a layout, nothing counted.
    net.simple("features.0.2", "layer_norm")
    index = 1
    for stage, (depth, heads) in enumerate(zip((2, 2, 6, 2), (3, 6, 12, 24))):
        dim = 96 * 2**stage
        for block in range(depth):
            prefix = "features.%d.%d" % (index, block)
            block_input = net.last
            net.simple(prefix + ".norm1", "layer_norm")
            # Odd blocks shift their windows by 3 positions (torch.roll), which changes no count.
            net.layer(prefix + ".attn", "window_attention", heads=heads, window=7, bias=True)
            attention = net.simple(prefix + ".stochastic_depth_attn", "dropout")  # the identity at inference
            attended = net.layer(prefix + ".add_attn", "add", [attention, block_input])
            net.simple(prefix + ".norm2", "layer_norm")
            # The MLP's Linear layers act on each position: 1x1 convolutions of the feature map.
            net.conv(prefix + ".mlp.0", 4 * dim, 1, bias=True)
            net.simple(prefix + ".mlp.1", GELU)
            net.simple(prefix + ".mlp.2", "dropout")
            net.conv(prefix + ".mlp.3", dim, 1, bias=True)
            net.simple(prefix + ".mlp.4", "dropout")
            mlp_output = net.simple(prefix + ".stochastic_depth_mlp", "dropout")
            net.layer(prefix + ".add_mlp", "add", [mlp_output, attended])
        index += 1
        if stage < 3:
            # PatchMerging: _patch_merging_pad joins each 2x2 neighbourhood (4C), norm, reduction to 2C.
            prefix = "features.%d" % index
            net.layer(prefix + ".patch_merging_pad", "space_to_depth", block_size=2)
            net.simple(prefix + ".norm", "layer_norm")
            net.conv(prefix + ".reduction", 2 * dim, 1)
            index += 1
    net.simple("norm", "layer_norm")
    # permute: back to channels-first, a layout.
    net.simple("avgpool", "global_avg_pool")
    net.simple("flatten", "flatten")
    net.linear("head", 1000)
    return net


# ------------------------------------------------------------------------------------------------
# Presets

COMMON_NOTE = (
    "torchvision labels _ops GFLOPS but counts one per multiply-accumulate of every convolution, "
    "linear layer and matrix product (pytorch/vision pull request #6936), so it is declared as macs_per_sample, "
    "_ops x 1e9 as printed."
)
BATCH_NORM_NOTE = "Parameters include batch-norm scale and shift, not the running statistics."


def preset(
    preset_id,
    name,
    function,
    weights,
    module,
    num_params,
    ops,
    architecture,
    extra_note="",
    extra_text="",
    resolution=224,
):
    """`resolution`: the crop of the weights' inference transforms, at which torchvision counted _ops."""
    description = (
        "torchvision's %s (torchvision.models.%s) at %dx%d in eval mode, layer by layer with torchvision's "
        "module names; FP16 weights and activations, as the model is commonly deployed. Declared: torchvision's "
        "published parameter count and GFLOPS (multiply-accumulates).%s"
        % (name, function, resolution, resolution, extra_text)
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
        "input": {"channels": 3, "height": resolution, "width": resolution},
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
    preset(
        "densenet121",
        "DenseNet121",
        "densenet121",
        "DenseNet121_Weights.IMAGENET1K_V1",
        "densenet.py",
        7978856,
        2.834,
        densenet121,
        extra_note="Each dense layer reads the concatenation (torch.cat) of its block's input and every earlier "
        "layer's output; the final ReLU, pooling and flatten are functions in torchvision (F.relu, "
        "F.adaptive_avg_pool2d, torch.flatten).",
    ),
    preset(
        "regnet-y-400mf",
        "RegNetY-400MF",
        "regnet_y_400mf",
        "RegNet_Y_400MF_Weights.IMAGENET1K_V2",
        "regnet.py",
        4344144,
        0.402,
        regnet_y_400mf,
        extra_note="IMAGENET1K_V1 states the same figures. Stage widths 48, 104, 208, 440 with 1, 3, 6, 6 blocks "
        "(BlockParams.from_init_params); the squeeze-and-excitation product and the activations count no MACs.",
    ),
    preset(
        "efficientnet-v2-s",
        "EfficientNetV2-S",
        "efficientnet_v2_s",
        "EfficientNet_V2_S_Weights.IMAGENET1K_V1",
        "efficientnet.py",
        21458488,
        8.366,
        efficientnet_v2_s,
        extra_note="At 384x384, the crop of the weights' inference transforms, at which torchvision counts _ops. "
        "Stochastic depth is the identity at inference and is written as dropout.",
        resolution=384,
    ),
    preset(
        "shufflenet-v2-x1-0",
        "ShuffleNetV2 (x1.0)",
        "shufflenet_v2_x1_0",
        "ShuffleNet_V2_X1_0_Weights.IMAGENET1K_V1",
        "shufflenetv2.py",
        2278604,
        0.145,
        shufflenet_v2_x1_0,
        extra_note="A unit of stride 1 splits its input's channels in two (x.chunk(2, dim=1)), passes the first "
        "half and convolves the second; every unit ends in torch.cat and the channel shuffle of 2 groups, "
        "functions in torchvision. The global pool is x.mean([2, 3]); the linear layer reads its 1024 "
        "features directly.",
    ),
    preset(
        "convnext-tiny",
        "ConvNeXt-T",
        "convnext_tiny",
        "ConvNeXt_Tiny_Weights.IMAGENET1K_V1",
        "convnext.py",
        28589128,
        4.456,
        convnext_tiny,
        extra_note="Each block's Linear layers act on the channels of each position (between two Permutes) and "
        "are written as 1x1 convolutions; LayerNorm2d normalizes each position over its channels. The layer "
        "scale (one factor per channel) counts its parameters and no MACs; stochastic depth is the identity "
        "at inference and is written as dropout.",
    ),
    preset(
        "swin-t",
        "Swin-T",
        "swin_t",
        "Swin_T_Weights.IMAGENET1K_V1",
        "swin_transformer.py",
        28288354,
        4.491,
        swin_t,
        extra_note="The 56x56, 28x28, 14x14 and 7x7 maps are whole 7x7 windows, so nothing is padded; the last "
        "stage is one window, which torchvision does not shift. _ops includes each window attention's "
        "query-key and weight-value products, 2 x 49 x C MACs per position. The MLPs' and patch merging's "
        "Linear layers act on each position and are written as 1x1 convolutions; stochastic depth is the "
        "identity at inference and is written as dropout.",
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
