#include "app/cli/arguments.h"

#include "core/util/errors.h"
#include "core/util/text_util.h"

#include <charconv>

namespace nne::cli {

Arguments::Arguments(std::string_view command, const std::vector<std::string_view>& args,
                     const std::set<std::string, std::less<>>& value_options,
                     const std::set<std::string, std::less<>>& flags)
    : command_(command)
{
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string_view arg = args[i];
    if (!arg.starts_with("--") || arg == "--") {
      positionals_.emplace_back(arg);
      continue;
    }
    const auto equals = arg.find('=');
    const std::string name(arg.substr(0, equals));
    if (flags.contains(name)) {
      if (equals != std::string_view::npos) {
        throw InputError(name, "", "takes no value");
      }
      flags_.insert(name);
    } else if (value_options.contains(name)) {
      if (equals != std::string_view::npos) {
        values_[name] = std::string(arg.substr(equals + 1));
      } else if (i + 1 < args.size()) {
        values_[name] = std::string(args[++i]);
      } else {
        throw InputError(name, "", "needs a value");
      }
    } else {
      std::vector<std::string> known(value_options.begin(), value_options.end());
      known.insert(known.end(), flags.begin(), flags.end());
      throw InputError(name, "",
                       "not an option of `" + command_ + "`" +
                           (known.empty() ? std::string{} : "; it takes " + detail::join(known)));
    }
  }
}

std::string Arguments::single_positional(std::string_view what) const
{
  if (positionals_.empty()) {
    throw InputError(command_, "",
                     "missing " + std::string(what) + " (see `nn-energy-explorer " + command_ + " --help`)");
  }
  return *optional_positional(what);
}

std::optional<std::string> Arguments::optional_positional(std::string_view what) const
{
  if (positionals_.size() > 1) {
    throw InputError(positionals_[1], "", "unexpected argument: `" + command_ + "` takes one " + std::string(what));
  }
  return positionals_.empty() ? std::nullopt : std::optional(positionals_.front());
}

std::optional<std::string> Arguments::value(std::string_view option) const
{
  const auto it = values_.find(option);
  return it == values_.end() ? std::nullopt : std::optional(it->second);
}

bool Arguments::flag(std::string_view option) const
{
  return flags_.contains(option);
}

std::string Arguments::choice(std::string_view option, const std::vector<std::string>& choices,
                              std::string fallback) const
{
  const std::optional<std::string> given = value(option);
  if (!given) {
    return fallback;
  }
  for (const std::string& candidate : choices) {
    if (candidate == *given) {
      return candidate;
    }
  }
  refuse_choice(option, choices, *given);
}

void Arguments::refuse_choice(std::string_view option, const std::vector<std::string>& choices,
                              const std::string& given)
{
  throw InputError(std::string(option), "", "expected one of " + detail::join(choices) + ", got \"" + given + "\"");
}

std::optional<long long> Arguments::positive_integer(std::string_view option) const
{
  const std::optional<std::string> given = value(option);
  if (!given) {
    return std::nullopt;
  }
  long long parsed = 0;
  const auto [end, error] = std::from_chars(given->data(), given->data() + given->size(), parsed);
  if (error != std::errc{} || end != given->data() + given->size() || parsed <= 0) {
    throw InputError(std::string(option), "", "expected a positive integer, got \"" + *given + "\"");
  }
  return parsed;
}

ImportOptions Arguments::import_options() const
{
  ImportOptions options;
  options.assume_llama_layout = choice(kAssumeLayout, {"llama"}, "") == "llama";
  // A command that takes --context gives it to an ONNX decoder too, whose cache is sized at import.
  options.decoder_context = positive_integer("--context").value_or(0);
  return options;
}

} // namespace nne::cli
