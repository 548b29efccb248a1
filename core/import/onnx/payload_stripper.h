#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace nne::onnx_import {

// Reading a model without its weights.
//
// A model's file is almost all tensor payloads (ResNet50: 98 MB of raw_data in a 98 MB file), and
// protobuf would copy every byte of them into the parsed ModelProto. The importer needs only their
// dims, so it walks the protobuf wire format first and copies the file except for the large
// payloads of tensors, and then parses that (a few kB for a CNN). Small payloads stay: shape
// inference reads shape tensors (Reshape's target shape, Pad's pads, ...), which are a few int64.
//
// The stripper walks the protobuf wire format, not ONNX's generated classes: it needs no libonnx.

// The serialized ModelProto in `bytes` without its large tensor payloads. Bytes that are not
// protobuf throw InputError naming `origin`.
std::string strip_payloads(std::string_view bytes, const std::string& origin);

// The same from a file, read through a small window so that the skipped payloads never leave the
// disk. A file that cannot be opened or read throws InputError naming it.
std::string strip_payloads_from_file(const std::filesystem::path& path);

// InputError: `origin` is "not an ONNX model (why)".
[[noreturn]] void throw_not_onnx(const std::string& origin, const std::string& why);

} // namespace nne::onnx_import
