#pragma once

#include "core/import/hf_config.h"
#include "core/util/enum_ids.h"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace nne::cli {

// The arguments after the command name: positionals and `--name value` / `--name=value` options,
// checked against what the command accepts. Problems throw InputError naming the option.
class Arguments {
public:
  // `value_options` take a value, `flags` do not; anything else starting with "--" is refused.
  Arguments(std::string_view command, const std::vector<std::string_view>& args,
            const std::set<std::string, std::less<>>& value_options,
            const std::set<std::string, std::less<>>& flags = {});

  const std::vector<std::string>& positionals() const noexcept { return positionals_; }
  // The single positional the command needs, or InputError naming it as missing / surplus.
  std::string single_positional(std::string_view what) const;
  std::optional<std::string> optional_positional(std::string_view what) const;

  std::optional<std::string> value(std::string_view option) const;
  bool flag(std::string_view option) const;

  // One of `choices`, or `fallback` when the option is absent.
  std::string choice(std::string_view option, const std::vector<std::string>& choices, std::string fallback) const;
  // A value of an enum, read through its one id table (as files read it); nullopt when absent.
  template <typename Enum> std::optional<Enum> choice(std::string_view option, const EnumIds<Enum>& ids) const
  {
    const std::optional<std::string> given = value(option);
    if (!given) {
      return std::nullopt;
    }
    if (const std::optional<Enum> parsed = ids.parse(*given)) {
      return parsed;
    }
    refuse_choice(option, ids.ids(), *given);
  }
  // A positive integer option.
  std::optional<long long> positive_integer(std::string_view option) const;

  // --assume-layout llama: how a Hugging Face config of a family the importer does not know is read.
  ImportOptions import_options() const;
  static constexpr const char* kAssumeLayout = "--assume-layout";

private:
  [[noreturn]] static void refuse_choice(std::string_view option, const std::vector<std::string>& choices,
                                         const std::string& given);

  std::string command_;
  std::vector<std::string> positionals_;
  std::map<std::string, std::string, std::less<>> values_;
  std::set<std::string, std::less<>> flags_;
};

} // namespace nne::cli
