#pragma once

#include <span>
#include <string_view>

namespace nne {

// A file compiled into the executable (see cmake/EmbedFiles.cmake): presets and reference data
// travel with the binary, so the tool works from any directory.
struct EmbeddedFile {
  std::string_view path; // relative to the folder it was embedded from, e.g. "models/resnet18.json"
  std::string_view contents;
};

} // namespace nne
