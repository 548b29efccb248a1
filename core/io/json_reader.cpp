#include "core/io/json_reader.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace nne {

using nlohmann::json;

std::string shown_json(const json& value)
{
  std::string text = value.dump();
  constexpr std::size_t kLimit = 60;
  if (text.size() > kLimit) {
    text = text.substr(0, kLimit - 3) + "...";
  }
  return text;
}

namespace {

std::string escape_pointer_token(std::string_view key)
{
  std::string escaped;
  for (char c : key) {
    if (c == '~') {
      escaped += "~0";
    } else if (c == '/') {
      escaped += "~1";
    } else {
      escaped += c;
    }
  }
  return escaped;
}

} // namespace

std::string child_pointer(const std::string& pointer, std::string_view key)
{
  return pointer + "/" + escape_pointer_token(key);
}

std::string child_pointer(const std::string& pointer, std::size_t index)
{
  return pointer + "/" + std::to_string(index);
}

std::int64_t check_format(const ObjectReader& reader, std::string_view expected, int current, bool required)
{
  const json* format = reader.find("format");
  if (format == nullptr) {
    if (required) {
      reader.fail("format", "missing required key; expected \"" + std::string(expected) + "\"");
    }
  } else if (!format->is_string() || format->get<std::string>() != expected) {
    reader.fail("format", "expected \"" + std::string(expected) + "\", got " + shown_json(*format));
  }
  const json* version = reader.find("version");
  if (version == nullptr) {
    if (required) {
      reader.fail("version", "missing required key; expected " + std::to_string(current));
    }
    return current;
  }
  const std::int64_t number = reader.integer_value("version", *version, 1, "a positive integer");
  if (number > current) {
    reader.fail("version", "written by a newer NN Energy Explorer (file format version " + std::to_string(number) +
                               "); this version reads format version " + std::to_string(current));
  }
  return number;
}

json parse_json_text(std::string_view text, const std::string& origin)
{
  try {
    return json::parse(text);
  } catch (const json::parse_error& error) {
    std::size_t line = 1;
    std::size_t column = 1;
    const std::size_t end = std::min<std::size_t>(error.byte > 0 ? error.byte - 1 : 0, text.size());
    for (std::size_t i = 0; i < end; ++i) {
      if (text[i] == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
    }
    std::string detail = error.what();
    if (const auto dash = detail.find(" - "); dash != std::string::npos) {
      detail = detail.substr(dash + 3);
    }
    throw InputError(origin, "",
                     "not valid JSON at line " + std::to_string(line) + ", column " + std::to_string(column) + ": " +
                         detail);
  }
}

json read_json_file(const std::filesystem::path& path)
{
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw InputError(path.string(), "", std::string("cannot open file: ") + std::strerror(errno));
  }
  std::ostringstream contents;
  contents << in.rdbuf();
  if (in.bad()) {
    throw InputError(path.string(), "", std::string("cannot read file: ") + std::strerror(errno));
  }
  return parse_json_text(contents.str(), path.string());
}

} // namespace nne
