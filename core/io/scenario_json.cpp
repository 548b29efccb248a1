#include "core/io/scenario_json.h"

#include "core/io/atomic_file.h"
#include "core/io/hardware_json.h"
#include "core/io/json_reader.h"
#include "core/io/model_json.h"
#include "core/io/presets.h"
#include "core/util/format.h"

#include <stdexcept>

namespace nne {

using nlohmann::json;

namespace {

// ---------------------------------------------------------------------------------------------
// Scenarios

double read_scale(const ObjectReader& reader, std::string_view key, const json& value, const std::string& pointer)
{
  constexpr double kLargestScale = 1e6;
  double scale = 0;
  if (value.is_number()) {
    scale = value.get<double>();
  } else if (value.is_string()) {
    try {
      scale = parse_scale_text(value.get<std::string>());
    } catch (const std::invalid_argument&) {
      scale = -1;
    }
  } else {
    scale = -1;
  }
  if (!(scale > 0 && scale <= kLargestScale)) {
    throw InputError(reader.origin(), pointer.empty() ? reader.pointer(key) : pointer,
                     "expected a scale factor in (0, 1000000] such as 0.25 or \"1/4\", got " + shown_json(value));
  }
  return scale;
}

std::vector<double> read_scale_list(ObjectReader& reader, std::string_view key)
{
  const json& list = reader.require(key);
  if (!list.is_array() || list.empty()) {
    reader.fail(key, "expected a non-empty array of scale factors, got " + shown_json(list));
  }
  std::vector<double> scales;
  scales.reserve(list.size());
  for (std::size_t i = 0; i < list.size(); ++i) {
    scales.push_back(read_scale(reader, key, list[i], child_pointer(reader.pointer(key), i)));
  }
  return scales;
}

// A preset reference, {"preset": id}, or nullopt for a whole object, for the model and the
// hardware alike.
std::optional<std::string> preset_reference(const ObjectReader& reader, std::string_view key)
{
  const json& object = reader.require(key);
  if (!object.is_object() || !object.contains("preset")) {
    return std::nullopt;
  }
  ObjectReader ref(object, reader.origin(), reader.pointer(key));
  std::string id = ref.string("preset");
  ref.refuse_unknown_keys();
  return id;
}

// The preset the library found for `id`, or an error listing the ones it has.
template <typename Preset>
const Preset& require_preset(const ObjectReader& reader, std::string_view key, const std::string& id,
                             const Preset* found, const std::vector<Preset>& presets)
{
  if (found == nullptr) {
    throw InputError(reader.origin(), reader.pointer(key) + "/preset",
                     "unknown " + std::string(key) + " preset \"" + id +
                         "\"; known: " + detail::join(detail::ids_of(presets)));
  }
  return *found;
}

void read_model(const ObjectReader& reader, const PresetLibrary& library, Scenario& s)
{
  if (const auto id = preset_reference(reader, "model")) {
    s.model = require_preset(reader, "model", *id, library.find_model(*id), library.models);
    s.model_preset = *id;
  } else {
    s.model = model_from_json(reader.require("model"), reader.origin(), reader.pointer("model"));
  }
}

void read_hardware(const ObjectReader& reader, const PresetLibrary& library, Scenario& s)
{
  if (const auto id = preset_reference(reader, "hardware")) {
    s.hardware = require_preset(reader, "hardware", *id, library.find_hardware(*id), library.hardware);
    s.hardware_preset = *id;
  } else {
    // A version 1 file's own MAC energy was for the arithmetic the scenario computes in.
    s.hardware = hardware_from_json(reader.require("hardware"), library.catalog, reader.origin(),
                                    reader.pointer("hardware"), s.precision.mac);
  }
}

Scales read_scales(const ObjectReader& reader, Scales scales)
{
  if (const json* object = reader.find("scales")) {
    ObjectReader scale_reader(*object, reader.origin(), reader.pointer("scales"));
    for (Component component : kAllComponents) {
      if (const json* scale = scale_reader.find(component_id(component))) {
        scales[component] = read_scale(scale_reader, component_id(component), *scale, "");
      }
    }
    scale_reader.refuse_unknown_keys();
  }
  return scales;
}

std::vector<double> read_batches(const ObjectReader& reader, std::vector<double> batches)
{
  const json* list = reader.find("batches");
  if (list == nullptr) {
    return batches;
  }
  if (!list->is_array() || list->empty()) {
    reader.fail("batches", "expected a non-empty array of positive integers, got " + shown_json(*list));
  }
  batches.clear();
  for (std::size_t i = 0; i < list->size(); ++i) {
    const json& batch = (*list)[i];
    if (!batch.is_number() || !is_valid_batch(batch.get<double>())) {
      throw InputError(reader.origin(), child_pointer(reader.pointer("batches"), i),
                       "expected a positive integer batch size, got " + shown_json(batch));
    }
    batches.push_back(batch.get<double>());
  }
  return batches;
}

SweepSpec read_sweep(const ObjectReader& reader, SweepSpec sweep)
{
  if (const json* object = reader.find("sweep")) {
    ObjectReader sweep_reader(*object, reader.origin(), reader.pointer("sweep"));
    sweep.component = sweep_reader.choice("component", Component::weight, kComponentIds);
    if (sweep_reader.find("scales") != nullptr) {
      sweep.scales = read_scale_list(sweep_reader, "scales");
    }
    sweep_reader.refuse_unknown_keys();
  }
  return sweep;
}

} // namespace

Scenario scenario_from_json(const json& value, const PresetLibrary& library, const std::string& origin)
{
  ObjectReader reader(value, origin, "");
  check_format(reader, kScenarioFormat, kScenarioFormatVersion, true);
  Scenario s;
  s.id = reader.string("id");
  s.name = reader.string("name", s.id);
  s.description = reader.string("description");
  read_model(reader, library, s);
  s.precision = s.model.default_precision;
  if (const json* precision = reader.find("precision")) {
    s.precision = precision_from_json(*precision, origin, reader.pointer("precision"), s.model.default_precision);
  }
  read_hardware(reader, library, s); // after the precision, which a version 1 file's MAC energy was for
  s.count_source = reader.choice("count_source", CountSource::declared, kCountSourceIds);
  s.scales = read_scales(reader, s.scales);
  s.batches = read_batches(reader, std::move(s.batches));
  s.workload.phase = reader.choice("phase", Phase::decode, kPhaseIds);
  s.workload.context = reader.non_negative_integer("context", 0);
  s.sweep = read_sweep(reader, std::move(s.sweep));
  s.unknown_keys = reader.unknown_keys();
  return s;
}

json scenario_to_json(const Scenario& s)
{
  json j{{"format", kScenarioFormat}, {"version", kScenarioFormatVersion}};
  if (!s.id.empty()) {
    j["id"] = s.id;
  }
  j["name"] = s.name;
  if (!s.description.empty()) {
    j["description"] = s.description;
  }
  // A reference to a preset only while the model or hardware is that preset, unedited.
  if (!s.model_preset.empty() && !s.model.is_edited()) {
    j["model"] = {{"preset", s.model_preset}};
  } else {
    json model = model_to_json(s.model);
    model.erase("format");
    model.erase("version");
    j["model"] = std::move(model);
  }
  if (!s.hardware_preset.empty() && !s.hardware.is_edited()) {
    j["hardware"] = {{"preset", s.hardware_preset}};
  } else {
    json hardware = hardware_to_json(s.hardware);
    hardware.erase("format");
    hardware.erase("version");
    j["hardware"] = std::move(hardware);
  }
  j["count_source"] = count_source_id(s.count_source);
  j["precision"] = precision_to_json(s.precision);
  j["scales"] = {{"weight", s.scales.weight},
                 {"mac", s.scales.mac},
                 {"activation", s.scales.activation},
                 {"kv_cache", s.scales.kv_cache}};
  j["batches"] = json::array();
  for (double batch : s.batches) {
    j["batches"].push_back(static_cast<std::int64_t>(batch));
  }
  j["phase"] = phase_id(s.workload.phase);
  j["context"] = s.workload.context;
  j["sweep"] = {{"component", component_id(s.sweep.component)}, {"scales", s.sweep.scales}};
  for (const auto& [key, value] : s.unknown_keys.items()) {
    if (!j.contains(key)) {
      j[key] = value;
    }
  }
  return j;
}

Scenario load_scenario_file(const std::filesystem::path& path, const PresetLibrary& library)
{
  return scenario_from_json(read_json_file(path), library, path.string());
}

void save_scenario_file(const std::filesystem::path& path, const Scenario& scenario)
{
  write_file_atomically(path, scenario_to_json(scenario).dump(2) + "\n");
}

} // namespace nne
