#pragma once

#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>

namespace nne {

// Bad input from a user: a file, a preset id, a command-line value. The message names where the
// problem is and what was expected, e.g.
//   llama.json: /model/n_layer: expected a positive integer, got -3
// The command line reports it on one line and exits with status 2.
class InputError : public std::runtime_error {
public:
  // `origin` is a file name or a description such as "--context"; `key_path` a JSON pointer
  // (may be empty); `problem` what was wrong, phrased for a user.
  InputError(std::string origin, std::string key_path, std::string problem);

  const std::string& origin() const noexcept { return origin_; }
  const std::string& key_path() const noexcept { return key_path_; }
  const std::string& problem() const noexcept { return problem_; }

private:
  std::string origin_;
  std::string key_path_;
  std::string problem_;
};

// An architecture that cannot be evaluated (a layer whose shapes do not fit, a head count that does
// not divide, ...). `where` names the layer or field, e.g. "layer 'conv2' (index 3)".
class ModelError : public std::runtime_error {
public:
  // `layer`: the index of the CNN layer at fault, so that an editor can mark it in place.
  ModelError(std::string where, std::string problem, std::optional<std::size_t> layer = std::nullopt);

  const std::string& where() const noexcept { return where_; }
  const std::string& problem() const noexcept { return problem_; }
  std::optional<std::size_t> layer() const noexcept { return layer_; }

private:
  std::string where_;
  std::string problem_;
  std::optional<std::size_t> layer_;
};

} // namespace nne
