// The ONNX importer of a build configured with NNE_WITH_ONNX=OFF: core reads every other file
// kind, and a .onnx file is bad input that says why.
#include "core/import/onnx/onnx_import.h"

#include "core/util/errors.h"

namespace nne {

namespace {

[[noreturn]] void refuse(const std::string& origin)
{
  throw InputError(origin, "",
                   "an ONNX graph, which this build cannot import: it was configured with NNE_WITH_ONNX=OFF "
                   "(without libonnx and protobuf)");
}

} // namespace

Model import_onnx_bytes(std::string_view /*bytes*/, const std::string& origin, const OnnxImportOptions& /*options*/)
{
  refuse(origin);
}

Model import_onnx_file(const std::filesystem::path& path, const OnnxImportOptions& /*options*/)
{
  refuse(path.string());
}

} // namespace nne
