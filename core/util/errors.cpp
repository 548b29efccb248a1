#include "core/util/errors.h"

#include <utility>

namespace nne {

namespace {

std::string input_message(const std::string& origin, const std::string& key_path, const std::string& problem)
{
  return origin + ": " + (key_path.empty() ? std::string{} : key_path + ": ") + problem;
}

} // namespace

InputError::InputError(std::string origin, std::string key_path, std::string problem)
    : std::runtime_error(input_message(origin, key_path, problem)), origin_(std::move(origin)),
      key_path_(std::move(key_path)), problem_(std::move(problem))
{
}

ModelError::ModelError(std::string where, std::string problem, std::optional<std::size_t> layer)
    : std::runtime_error(where + ": " + problem), where_(std::move(where)), problem_(std::move(problem)), layer_(layer)
{
}

} // namespace nne
