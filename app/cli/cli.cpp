#include "app/cli/cli.h"

#include "app/cli/commands.h"
#include "core/util/errors.h"

#include <algorithm>
#include <array>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>

namespace nne::cli {

namespace {

constexpr std::string_view kProgram = "nn-energy-explorer";

constexpr std::array kCommands{
    Command{"list", "list [models|hardware|scenarios] [--format table|json]",
            "list the built-in models, hardware and scenarios",
            "Without a kind, lists all three. `list hardware` also lists the catalog of memory\n"
            "technologies and MAC units with the source of every number.\n",
            &run_list},
    Command{"counts",
            "counts MODEL [--phase decode|prefill] [--context L] [--format table|json] [--assume-layout llama]",
            "parameters, MACs, activation and KV-cache bits of a model, counted and declared",
            "MODEL is a preset id (see `list models`), a model file or a scenario file (.nne.json).\n"
            "A decoder is counted for one step of the phase at context L (default: decode at its n_ctx).\n"
            "An ONNX decoder exported with past_key_values inputs is counted for one decode step with\n"
            "L cached positions (default 1024).\n"
            "Bits use the model's own precision. The JSON output has the counted figures at the top\n"
            "level and the publication's declared figures under \"declared\".\n"
            "A Hugging Face config.json of a family the importer does not know is refused; with\n"
            "--assume-layout llama it is read as a Llama-like decoder and every output says \"assumed\n"
            "layout\" (JSON: \"layout\": \"assumed\"). sweep, design-space and export take it too.\n",
            &run_counts},
    Command{"sweep",
            "sweep SCENARIO [--format table|csv|json] [--component C] [--source declared|counted] "
            "[--mac-format F]",
            "energy breakdown per batch with one component scaled (the paper's Table 2)",
            "SCENARIO is a scenario preset id (see `list scenarios`), a scenario file, or a model\n"
            "(preset or file), which gets LPDDR5 memory and the 45 nm MAC of its precision.\n"
            "Values are normalized to the scenario's total at batch 1 with every scale at 1.\n"
            "--component overrides the scenario's swept component (weight, mac, activation, kv_cache);\n"
            "--source chooses the declared (publication) or counted (architecture) figures.\n"
            "--mac-format computes the MACs in F (INT4, INT8, FP8, FP16, BF16, FP32) instead of the\n"
            "scenario's format: the 45 nm node has figures for INT8, FP16 and FP32 only, so a BF16 model\n"
            "is bad input there until told e.g. --mac-format FP16 (the \"mac\" line says what was used).\n"
            "CSV columns: batch,scale,activation,mac,weight,kv_cache,total.\n",
            &run_sweep},
    Command{"design-space", "design-space SCENARIO [--scales LIST] [--format table|json] [--mac-format F]",
            "every batch with every combination of scales: the cheapest and costliest design",
            "Evaluates each of the scenario's batches with every combination of a what-if scale per\n"
            "component (weight, mac, activation, kv_cache) from LIST (default: the scenario's sweep scales,\n"
            "e.g. 1,1/2,1/4,1/8,1/16), a million designs in well under a second. Prints how many designs\n"
            "are memory-bound (memory energy above MAC energy) and the cheapest and costliest design in\n"
            "energy per sample. A model without a KV cache keeps that scale at 1. --mac-format as for sweep.\n",
            &run_design_space},
    Command{"export",
            "export SCENARIO --chart breakdown|sweep|savings|regime|design-space "
            "--out FILE.{png,svg,pdf,csv} [--size WxH] [--dpi N] [--unit normalized|joules|per_sample|percent] "
            "[--mac-format F]",
            "a chart for slides, headless: PNG, SVG, PDF, or its data as CSV",
            "Draws the chart the explorer shows, in a light slide theme with fonts sized to the image, a\n"
            "legend, labelled axes with units, and a caption naming the scenario and its sources.\n"
            "--size defaults to 1920x1080 (3840x2160 and 1280x720 are the other slide sizes), --dpi to 96.\n"
            "The breakdown chart shows the scenario's batches at its scales; the sweep chart is the paper's\n"
            "Fig 5-9 for the scenario's swept component; the savings chart its Fig 10a/b, what 16x cheaper\n"
            "weight memory, MACs, activations or KV cache would save at each batch; the regime chart its\n"
            "Fig 10c on the verdict's criterion, MAC energy over memory energy against batch, crossing 1\n"
            "at the energy crossover batch; --mac-format as for sweep; the\n"
            "design-space chart a heat map of the energy left at the largest batch over every memory scale\n"
            "x MAC scale from 1 to 1/1024 (CSV: the grid, rows memory scale, columns MAC scale).\n"
            "The file is replaced only when complete.\n",
            nullptr},
    Command{"paper", "paper [--format table|csv|json]",
            "every cell of the paper's Table 2, recomputed, beside the printed value",
            "Recomputes Table 2a-2e from the scenario presets, prints each cell with the printed value,\n"
            "the deviation and whether it lies within the printed rounding, then lists the places where\n"
            "the paper's text disagrees with its own tables or inputs. Exit status 1 if a cell is off.\n",
            &run_paper},
    Command{"screenshot", "screenshot OUT.png [SCENARIO]", "a picture of the main window, for documentation",
            "Opens the main window at 1600x1000 on SCENARIO (a scenario or model preset id or file; by\n"
            "default the paper's Llama-7B, where the explorer starts), lets it paint and saves it as a PNG:\n"
            "the README's picture is made this way. Needs a display, or QT_QPA_PLATFORM=offscreen.\n",
            nullptr},
};

// The handlers of the table's GUI commands, once a build with the GUI has provided them.
std::map<std::string_view, CommandHandler>& provided_gui_handlers()
{
  static std::map<std::string_view, CommandHandler> handlers;
  return handlers;
}

CommandHandler handler_of(const Command& command)
{
  if (command.run != nullptr) {
    return command.run;
  }
  const auto& provided = provided_gui_handlers();
  const auto it = provided.find(command.name);
  return it == provided.end() ? nullptr : it->second;
}

bool is_available(const Command& command)
{
  return handler_of(command) != nullptr;
}

const Command* find_command(std::string_view name)
{
  const auto it = std::ranges::find(kCommands, name, &Command::name);
  return it == kCommands.end() ? nullptr : &*it;
}

void write_overview(std::ostream& out)
{
  out << "NN Energy Explorer: how much of a neural network's inference energy goes to weights,\n"
         "MACs, activations and the KV cache, and what cheaper memory or arithmetic would save.\n\n"
         "Usage:\n"
      << "  " << kProgram << " [FILE]    start the desktop explorer (optionally opening a file)\n";
  std::size_t name_width = 0;
  for (const Command& command : kCommands) {
    if (is_available(command)) {
      out << "  " << kProgram << ' ' << command.synopsis << '\n';
      name_width = std::max(name_width, command.name.size() + 2);
    }
  }
  out << "  " << kProgram << " --help | --version\n\nCommands:\n";
  for (const Command& command : kCommands) {
    if (is_available(command)) {
      std::string name(command.name);
      name.resize(name_width, ' ');
      out << "  " << name << command.summary << '\n';
    }
  }
  out << "\n`" << kProgram
      << " COMMAND --help` describes a command. Errors go to stderr; the exit status\n"
         "is 2 for bad input (file, preset id, option) and 1 for other failures.\n";
}

bool wants_help(const std::vector<std::string_view>& args)
{
  return std::ranges::any_of(args, [](std::string_view a) { return a == "--help" || a == "-h"; });
}

} // namespace

void provide_gui_command(std::string_view name, CommandHandler handler)
{
  const Command* command = find_command(name);
  if (command == nullptr || command->run != nullptr) {
    throw std::logic_error("the command table has no GUI command \"" + std::string(name) + "\"");
  }
  provided_gui_handlers()[command->name] = handler;
}

bool is_command_line(const std::vector<std::string_view>& args)
{
  if (args.empty()) {
    return false;
  }
  const std::string_view first = args.front();
  return find_command(first) != nullptr || first == "help" || first.starts_with("-");
}

int run(const std::vector<std::string_view>& args, std::ostream& out, std::ostream& err)
{
  std::ostringstream buffer; // nothing reaches `out` unless the command succeeds
  int status = kExitOk;
  try {
    if (args.empty() || args.front() == "--help" || args.front() == "-h" || args.front() == "help") {
      const Command* command = args.size() > 1 ? find_command(args[1]) : nullptr;
      if (command != nullptr) {
        buffer << "Usage: " << kProgram << ' ' << command->synopsis << "\n\n"
               << command->summary << ".\n\n"
               << command->help;
      } else {
        write_overview(buffer);
      }
    } else if (args.front() == "--version") {
      buffer << kProgram << ' ' << NNE_VERSION << '\n';
    } else if (const Command* command = find_command(args.front())) {
      if (wants_help(args)) {
        buffer << "Usage: " << kProgram << ' ' << command->synopsis << "\n\n"
               << command->summary << ".\n\n"
               << command->help;
      } else {
        const CommandHandler handler = handler_of(*command);
        if (handler == nullptr) {
          throw std::runtime_error("this build has no GUI library (NNE_BUILD_GUI=OFF), which `" +
                                   std::string(command->name) + "` needs");
        }
        status = handler({args.begin() + 1, args.end()}, buffer);
      }
    } else {
      throw InputError(std::string(args.front()), "",
                       "not a command or option (see `" + std::string(kProgram) + " --help`)");
    }
  } catch (const InputError& error) {
    err << kProgram << ": " << error.what() << '\n';
    return kExitBadInput;
  } catch (const ModelError& error) {
    err << kProgram << ": " << error.what() << '\n';
    return kExitBadInput;
  } catch (const std::exception& error) {
    err << kProgram << ": " << error.what() << '\n';
    return kExitFailure;
  }
  out << buffer.str();
  out.flush();
  return out ? status : kExitFailure;
}

} // namespace nne::cli
