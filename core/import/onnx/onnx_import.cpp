#include "core/import/onnx/onnx_import.h"

#include "core/import/onnx/graph_counter.h"
#include "core/import/onnx/payload_stripper.h"

#include <onnx/onnx_pb.h>

#include <cstddef>
#include <limits>

namespace nne {

namespace {

onnx::ModelProto parse_model(const std::string& stripped, const std::string& origin)
{
  onnx::ModelProto model;
  if (stripped.size() > static_cast<std::size_t>(std::numeric_limits<int>::max()) || !model.ParseFromString(stripped)) {
    onnx_import::throw_not_onnx(origin, "the file is not a serialized ONNX ModelProto");
  }
  if (!model.has_graph() || model.graph().node_size() == 0) {
    onnx_import::throw_not_onnx(origin, "the file holds no graph of nodes");
  }
  if (model.ir_version() <= 0) {
    onnx_import::throw_not_onnx(origin, "the file has no IR version");
  }
  return model;
}

Model import_stripped(const std::string& stripped, const std::string& origin, const OnnxImportOptions& options)
{
  onnx::ModelProto model = parse_model(stripped, origin);
  return onnx_import::count_onnx_graph(model, origin, options);
}

} // namespace

Model import_onnx_bytes(std::string_view bytes, const std::string& origin, const OnnxImportOptions& options)
{
  return import_stripped(onnx_import::strip_payloads(bytes, origin), origin, options);
}

Model import_onnx_file(const std::filesystem::path& path, const OnnxImportOptions& options)
{
  // The file is closed once stripped, before shape inference.
  return import_stripped(onnx_import::strip_payloads_from_file(path), path.string(), options);
}

} // namespace nne
