#pragma once

#include <filesystem>
#include <string_view>

namespace nne {

// Writes a temporary file beside `path` and renames it over `path` only when everything was
// written and flushed, keeping the replaced file's permissions: a failed save never harms the
// user's file. Throws std::runtime_error with a message naming the file.
void write_file_atomically(const std::filesystem::path& path, std::string_view contents);

} // namespace nne
