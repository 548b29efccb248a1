// Flow: switching the model in the model panel, Llama-7B (paper) -> ResNet18 (paper) -> back.
// After each switch the breakdown draws, per component and batch, the joules the command line's
// `sweep --format json` prints for the same scenario saved to a file: the two front ends agree.
#include "app/cli/cli.h"
#include "core/io/scenario_json.h"
#include "core/util/format.h"
#include "tests/support/temp_dir.h"
#include "tests/ui/gui_test_base.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QUndoStack>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <sstream>

namespace nne::ui {
namespace {

using testing::Bars;

constexpr double kRelativeTolerance = 1e-12;

class ModelSwitchFlow : public testing::GuiTestBase {
protected:
  // What `nn-energy-explorer sweep FILE --format json` prints for the document's scenario saved
  // with the core's writer: joules per step of each component, per batch, at scale 1 of the swept
  // component (with every slider at 1, the breakdown's bars). `json_out` gets the whole output.
  Bars cliJoules(const std::string& file_name, nlohmann::json* json_out = nullptr)
  {
    const std::string file = dir_.file(file_name);
    save_scenario_file(file, document_.scenario());
    std::ostringstream out;
    std::ostringstream err;
    const int status = cli::run({"sweep", file, "--format", "json"}, out, err);
    if (status != cli::kExitOk) {
      fail(QString("the CLI failed (%1): %2").arg(status).arg(QString::fromStdString(err.str())));
    }
    const nlohmann::json json = nlohmann::json::parse(out.str());
    Bars bars;
    for (const nlohmann::json& row : json.at("rows")) {
      if (row.at("scale").get<double>() != 1.0) {
        continue;
      }
      for (Component component : kAllComponents) {
        if (component == Component::kv_cache && !document_.scenario().model.is_transformer()) {
          continue; // the chart draws no KV-cache series for a CNN; the CLI's is all zeros
        }
        bars[component].push_back(row.at("joules").at(std::string(component_id(component))).get<double>());
      }
    }
    if (json_out != nullptr) {
      *json_out = json;
    }
    return bars;
  }

  // The breakdown's joules equal the CLI's within kRelativeTolerance, component by component.
  void expectBreakdownMatchesCli(const std::string& file_name)
  {
    ASSERT_TRUE(document_.scenario().scales == Scales{}) << "the CLI rows at scale 1 are the bars only at scale 1";
    const Bars drawn = drawnJoules();
    const Bars cli = cliJoules(file_name);
    ASSERT_EQ(drawn.size(), cli.size()) << "components drawn and printed differ";
    for (const auto& [component, values] : cli) {
      const auto it = drawn.find(component);
      ASSERT_NE(it, drawn.end()) << component_id(component) << " is printed but not drawn";
      ASSERT_EQ(it->second.size(), values.size()) << component_id(component);
      for (std::size_t i = 0; i < values.size(); ++i) {
        EXPECT_GT(values[i], 0.0) << component_id(component) << " batch " << i;
        EXPECT_NEAR(it->second[i], values[i], kRelativeTolerance * std::abs(values[i]))
            << component_id(component) << " at batch " << document_.scenario().batches[i];
      }
    }
  }

  // The MAC row of the hardware panel names the format the model computes in, with that format's
  // figure of the node: the MAC energy follows the number format.
  void expectMacRowIn(NumberFormat format)
  {
    const Scenario& s = document_.scenario();
    ASSERT_EQ(s.precision.mac, format);
    const MacFigure* figure = s.hardware.mac.figure_for(format);
    ASSERT_NE(figure, nullptr);
    const QString name = QString::fromStdString(std::string(format_name(format)));
    const QString pj = QString::fromStdString(format_shortest(figure->energy_per_mac_pj));
    const QString status = child<QLabel>("macStatus")->text();
    EXPECT_TRUE(status.startsWith(name + " MAC: " + pj + " pJ")) << status.toStdString();
    EXPECT_EQ(child<QDoubleSpinBox>("macEnergy")->value(), figure->energy_per_mac_pj);
    EXPECT_EQ(child<QComboBox>("format_mac")->currentData().toInt(), static_cast<int>(format));
    const QString slider_label = child<QLabel>("scaleValue_mac")->text();
    EXPECT_TRUE(slider_label.contains("(" + pj + " pJ/MAC)")) << slider_label.toStdString();
  }

  nne::testing::TempDir dir_;
};

TEST_F(ModelSwitchFlow, LlamaToResNet18AndBackAgreesWithTheCliAtEachStep)
{
  ASSERT_EQ(document_.scenario().model.id, "llama-7b-paper");
  ASSERT_NO_FATAL_FAILURE(expectBreakdownMatchesCli("llama.nne.json"));
  ASSERT_NO_FATAL_FAILURE(expectMacRowIn(NumberFormat::fp16));
  const Bars llama = drawnJoules();
  const double fp16_pj = document_.scenario().hardware.mac.figure_for(NumberFormat::fp16)->energy_per_mac_pj;

  pickModel("ResNet18 (paper)");
  EXPECT_EQ(child<QComboBox>("modelPreset")->currentText().trimmed(), "ResNet18 (paper)");
  EXPECT_EQ(document_.undoStack()->count(), 1);
  const Bars resnet = drawnJoules();
  EXPECT_EQ(resnet.count(Component::kv_cache), 0U); // a CNN has no KV cache series
  EXPECT_NE(resnet, llama);
  ASSERT_NO_FATAL_FAILURE(expectBreakdownMatchesCli("resnet18.nne.json"));
  ASSERT_NO_FATAL_FAILURE(expectMacRowIn(NumberFormat::int8));
  // The same node, another format: its own figure, not FP16's.
  EXPECT_NE(document_.scenario().hardware.mac.figure_for(NumberFormat::int8)->energy_per_mac_pj, fp16_pj);
  nlohmann::json printed;
  cliJoules("resnet18-again.nne.json", &printed);
  EXPECT_EQ(printed.at("model"), "resnet18");
  EXPECT_NE(printed.at("mac").get<std::string>().find("INT8 MACs"), std::string::npos) << printed.at("mac");

  pickModel("llama-7b-paper"); // by id this time
  EXPECT_EQ(child<QComboBox>("modelPreset")->currentText().trimmed(), "Llama-7B (paper)");
  ASSERT_NO_FATAL_FAILURE(expectBreakdownMatchesCli("llama-back.nne.json"));
  ASSERT_NO_FATAL_FAILURE(expectMacRowIn(NumberFormat::fp16));
  EXPECT_EQ(drawnJoules(), llama); // the round trip lands where it started, exactly
}

// The hardware picked under the model: the model stays, and the two front ends still agree.
TEST_F(ModelSwitchFlow, PickingHardwareKeepsTheModelAndAgreesWithTheCli)
{
  const Bars lpddr5 = drawnJoules();
  pickHardware("hbm2-fp16-45nm");
  EXPECT_EQ(document_.scenario().model.id, "llama-7b-paper");
  EXPECT_EQ(child<QComboBox>("hardwarePreset")->currentData().toString(), "hbm2-fp16-45nm");
  EXPECT_NE(drawnJoules().at(Component::weight), lpddr5.at(Component::weight)); // another memory
  EXPECT_EQ(drawnJoules().at(Component::mac), lpddr5.at(Component::mac));       // the same 45 nm FP16 MACs
  ASSERT_NO_FATAL_FAILURE(expectBreakdownMatchesCli("hbm2.nne.json"));
  ASSERT_NO_FATAL_FAILURE(expectMacRowIn(NumberFormat::fp16));
}

} // namespace
} // namespace nne::ui
