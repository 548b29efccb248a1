#include "app/cli/cli.h"
#include "app/cli/gui_commands.h"
#include "core/energy/design_space.h"
#include "core/energy/energy.h"
#include "core/energy/scenario.h"
#include "core/io/presets.h"
#include "core/util/format.h"
#include "tests/support/temp_dir.h"
#include "ui/chart/chart_export.h"
#include "ui/chart/palette.h"
#include "ui/chart_builders.h"

#include <QFile>
#include <QImage>

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <set>
#include <sstream>

namespace nne::ui {
namespace {

class ExportTest : public ::testing::Test {
protected:
  ExportTest() { cli::register_gui_commands(); }

  std::string path(const std::string& name) const { return temp_.file(name); }

  // The command line, in-process.
  int run(const std::vector<std::string_view>& args, std::string* err = nullptr)
  {
    std::ostringstream out_stream;
    std::ostringstream err_stream;
    const int status = cli::run(args, out_stream, err_stream);
    out_ = out_stream.str();
    if (err != nullptr) {
      *err = err_stream.str();
    }
    return status;
  }

  nne::testing::TempDir temp_;
  const std::filesystem::path& dir_ = temp_.path();
  std::string out_;
};

TEST_F(ExportTest, PngHasTheRequestedSizeAndShowsEveryComponentColour)
{
  const std::string file = path("llama.png");
  ASSERT_EQ(
      run({"export", "paper-llama7b-kv", "--chart", "breakdown", "--out", file, "--size", "1920x1080", "--dpi", "144"}),
      0);
  EXPECT_EQ(out_, file + "\n");
  const QImage image(QString::fromStdString(file));
  ASSERT_FALSE(image.isNull());
  EXPECT_EQ(image.width(), 1920);
  EXPECT_EQ(image.height(), 1080);
  EXPECT_NEAR(image.dotsPerMeterX() * 0.0254, 144, 0.5);
  std::set<QRgb> colours;
  for (int y = 0; y < image.height(); y += 3) {
    for (int x = 0; x < image.width(); x += 3) {
      colours.insert(image.pixel(x, y) & 0xFFFFFFU);
    }
  }
  EXPECT_GT(colours.size(), 20U); // not blank
  for (Component component : kAllComponents) {
    EXPECT_TRUE(colours.contains(component_color(component).rgb() & 0xFFFFFFU)) << component_id(component);
  }
}

TEST_F(ExportTest, SvgCarriesTheLegendAndTitleAsText)
{
  const std::string file = path("sweep.svg");
  ASSERT_EQ(run({"export", "paper-llama7b-kv", "--chart", "sweep", "--out", file}), 0);
  QFile svg(QString::fromStdString(file));
  ASSERT_TRUE(svg.open(QIODevice::ReadOnly));
  const QString text = QString::fromUtf8(svg.readAll());
  for (const char* label : {"Weight memory", "MAC", "Activations", "KV cache", "Llama-7B (paper)"}) {
    EXPECT_TRUE(text.contains(label)) << label;
  }
  EXPECT_TRUE(text.contains("viewBox=\"0 0 1920 1080\""));
}

TEST_F(ExportTest, PdfIsWritten)
{
  const std::string file = path("resnet.pdf");
  ASSERT_EQ(run({"export", "paper-resnet18-weight", "--chart", "breakdown", "--out", file, "--size", "1280x720"}), 0);
  QFile pdf(QString::fromStdString(file));
  ASSERT_TRUE(pdf.open(QIODevice::ReadOnly));
  EXPECT_TRUE(pdf.read(5) == "%PDF-");
}

TEST_F(ExportTest, CsvOfTheSweepChartIsTheSweepCommandsCsv)
{
  const std::string file = path("sweep.csv");
  ASSERT_EQ(run({"export", "paper-llama7b-kv", "--chart", "sweep", "--out", file}), 0);
  QFile csv(QString::fromStdString(file));
  ASSERT_TRUE(csv.open(QIODevice::ReadOnly));
  const std::string exported = csv.readAll().toStdString();
  ASSERT_EQ(run({"sweep", "paper-llama7b-kv", "--format", "csv"}), 0);
  EXPECT_EQ(exported, out_);
  EXPECT_EQ(exported.substr(0, exported.find('\n')), "batch,scale,activation,mac,weight,kv_cache,total");
}

// Issue 5: an imported model is exported like a preset, from the file the user has.
TEST_F(ExportTest, ImportedModelsExportFromTheirFiles)
{
  std::vector<std::string> models{NNE_FIXTURES_DIR "/hf/llama-2-7b/config.json"};
  if (NNE_WITH_ONNX) {
    models.emplace_back(NNE_FIXTURES_DIR "/onnx/tiny_cnn.onnx");
  }
  for (const std::string& model : models) {
    const std::string png = path("imported.png");
    std::string err;
    ASSERT_EQ(run({"export", model, "--chart", "sweep", "--out", png, "--size", "1280x720"}, &err), 0) << err;
    EXPECT_EQ(QImage(QString::fromStdString(png)).size(), QSize(1280, 720)) << model;
    const std::string csv_path = path("imported.csv");
    ASSERT_EQ(run({"export", model, "--chart", "sweep", "--out", csv_path}), 0);
    QFile csv(QString::fromStdString(csv_path));
    ASSERT_TRUE(csv.open(QIODevice::ReadOnly));
    const std::string exported = csv.readAll().toStdString();
    ASSERT_EQ(run({"sweep", model, "--format", "csv"}), 0);
    EXPECT_EQ(exported, out_) << model;
  }
}

TEST_F(ExportTest, CsvOfTheBreakdownChartIsWhatItDraws)
{
  const std::string file = path("breakdown.csv");
  ASSERT_EQ(run({"export", "paper-resnet18-mac", "--chart", "breakdown", "--out", file, "--unit", "joules"}), 0);
  QFile csv(QString::fromStdString(file));
  ASSERT_TRUE(csv.open(QIODevice::ReadOnly));
  const QStringList lines = QString::fromUtf8(csv.readAll()).split('\n', Qt::SkipEmptyParts);
  ASSERT_EQ(lines.size(), 5);
  EXPECT_EQ(lines[0], "category,Weight memory,MAC,Activations,total");
  const ScenarioResult result = evaluate(*builtin_presets().find_scenario("paper-resnet18-mac"));
  for (qsizetype i = 1; i < lines.size(); ++i) {
    const Breakdown& b = result.breakdowns[static_cast<std::size_t>(i - 1)];
    EXPECT_EQ(lines[i].toStdString(), format_shortest(b.batch) + "," + format_shortest(b.joules.weight) + "," +
                                          format_shortest(b.joules.mac) + "," + format_shortest(b.joules.activation) +
                                          "," + format_shortest(b.joules.total()));
  }
}

TEST_F(ExportTest, RegimeChartAndItsData)
{
  const std::string png = path("regime.png");
  ASSERT_EQ(run({"export", "paper-resnet18-mac", "--chart", "regime", "--out", png, "--size", "1280x720"}), 0);
  EXPECT_EQ(QImage(QString::fromStdString(png)).size(), QSize(1280, 720));
  const std::string csv_path = path("regime.csv");
  ASSERT_EQ(run({"export", "paper-resnet18-mac", "--chart", "regime", "--out", csv_path}), 0);
  QFile csv(QString::fromStdString(csv_path));
  ASSERT_TRUE(csv.open(QIODevice::ReadOnly));
  const QStringList lines = QString::fromUtf8(csv.readAll()).split('\n', Qt::SkipEmptyParts);
  EXPECT_EQ(lines.front(), "batch,mac_to_memory,flops_per_parameter,ridge_flops_per_parameter");
  // Batch 1 of the paper's ResNet18: MACs 207 uJ against weights 421.2 uJ + activations 10.8192 uJ;
  // the paper's FLOPs per parameter 2 x 0.9e9 / 11.7e6 and its ridge 2 x 8 bit x 4.5 pJ / 0.23 pJ.
  const QStringList first = lines[1].split(',');
  ASSERT_EQ(first.size(), 4);
  EXPECT_EQ(first[0], "1");
  EXPECT_NEAR(first[1].toDouble(), 207.0 / (421.2 + 10.8192), 1e-12);
  EXPECT_NEAR(first[2].toDouble(), 2 * 0.9e9 / 11.7e6, 1e-9);
  EXPECT_NEAR(first[3].toDouble(), 2 * 8 * 4.5 / 0.23, 1e-9);
}

TEST_F(ExportTest, DesignSpaceHeatMapAndItsGrid)
{
  const std::string png = path("design-space.png");
  ASSERT_EQ(run({"export", "paper-resnet18-mac", "--chart", "design-space", "--out", png}), 0);
  const QImage image(QString::fromStdString(png));
  EXPECT_EQ(image.size(), QSize(1920, 1080));
  // The colour scale's ends are drawn: the darkest (every energy 1/1024) and the brightest.
  const auto drawn = [&image](QRgb colour) {
    for (int y = 0; y < image.height(); ++y) {
      for (int x = 0; x < image.width(); ++x) {
        const QRgb pixel = image.pixel(x, y);
        if (std::abs(qRed(pixel) - qRed(colour)) + std::abs(qGreen(pixel) - qGreen(colour)) +
                std::abs(qBlue(pixel) - qBlue(colour)) <=
            6) {
          return true;
        }
      }
    }
    return false;
  };
  EXPECT_TRUE(drawn(sequential_color(0.0)));
  EXPECT_TRUE(drawn(sequential_color(1.0)));

  const std::string svg_path = path("design-space.svg");
  ASSERT_EQ(run({"export", "paper-resnet18-mac", "--chart", "design-space", "--out", svg_path}), 0);
  QFile svg(QString::fromStdString(svg_path));
  ASSERT_TRUE(svg.open(QIODevice::ReadOnly));
  const QString drawing = QString::fromUtf8(svg.readAll());
  for (const char* text : {"Energy left (x today&apos;s)", "MAC energy scale", "Memory energy scale", "memory-bound",
                           "compute-bound", "1/1024"}) {
    EXPECT_TRUE(drawing.contains(text) || drawing.contains(QString(text).replace("&apos;", "'"))) << text;
  }

  // The CSV is core's grid: rows memory scale, columns MAC scale, the energy left.
  const std::string csv_path = path("design-space.csv");
  ASSERT_EQ(run({"export", "paper-resnet18-mac", "--chart", "design-space", "--out", csv_path}), 0);
  QFile csv(QString::fromStdString(csv_path));
  ASSERT_TRUE(csv.open(QIODevice::ReadOnly));
  const QStringList lines = QString::fromUtf8(csv.readAll()).split('\n', Qt::SkipEmptyParts);
  const Scenario scenario = *builtin_presets().find_scenario("paper-resnet18-mac");
  const std::vector<double> scales = log_spaced_scales(1.0 / 1024, kDesignSpaceCells);
  const ScaleMap map = memory_mac_scale_map(evaluate(scenario).coefficients, 16, scales, scales);
  ASSERT_EQ(lines.size(), static_cast<qsizetype>(scales.size() + 1));
  const QStringList header = lines.front().split(',');
  ASSERT_EQ(header.size(), static_cast<qsizetype>(scales.size() + 1));
  EXPECT_EQ(header[0], "memory_scale\\mac_scale");
  for (std::size_t column = 0; column < scales.size(); ++column) {
    EXPECT_EQ(header[static_cast<qsizetype>(column + 1)].toDouble(), map.mac_scales[column]);
  }
  for (std::size_t row = 0; row < scales.size(); ++row) {
    const QStringList cells = lines[static_cast<qsizetype>(row + 1)].split(',');
    ASSERT_EQ(cells.size(), static_cast<qsizetype>(scales.size() + 1));
    EXPECT_EQ(cells[0].toDouble(), map.memory_scales[row]);
    for (std::size_t column = 0; column < scales.size(); ++column) {
      EXPECT_EQ(cells[static_cast<qsizetype>(column + 1)].toDouble(), map.relative_total[map.index(row, column)])
          << row << "," << column;
    }
  }
}

TEST_F(ExportTest, BadInputWritesNothing)
{
  std::string err;
  const std::string file = path("x.png");
  EXPECT_EQ(run({"export", "paper-llama7b-kv", "--chart", "breakdown", "--out", file, "--size", "huge"}, &err), 2);
  EXPECT_EQ(err, "nn-energy-explorer: --size: expected WIDTHxHEIGHT in pixels between 64 and 16384, such as 1920x1080, "
                 "got \"huge\"\n");
  EXPECT_EQ(out_, "");
  EXPECT_EQ(run({"export", "paper-llama7b-kv", "--chart", "pie", "--out", file}, &err), 2);
  EXPECT_EQ(run({"export", "paper-llama7b-kv", "--chart", "breakdown", "--out", path("x.gif")}, &err), 2);
  EXPECT_EQ(err, "nn-energy-explorer: " + path("x.gif") + ": expected a file ending in .png, .svg, .pdf or .csv\n");
  EXPECT_EQ(run({"export", "nosuch", "--chart", "breakdown", "--out", file}, &err), 2);
  EXPECT_TRUE(std::filesystem::is_empty(dir_));
}

TEST_F(ExportTest, AFailedExportLeavesTheOldFile)
{
  const std::string file = path("keep.png");
  {
    QFile existing(QString::fromStdString(file));
    ASSERT_TRUE(existing.open(QIODevice::WriteOnly));
    existing.write("precious");
  }
  // The directory of the target does not exist: nothing is written, the old file stays.
  std::string err;
  EXPECT_EQ(run({"export", "paper-llama7b-kv", "--chart", "breakdown", "--out", path("missing/keep.png")}, &err), 1);
  EXPECT_NE(err.find("cannot write"), std::string::npos) << err;
  QFile existing(QString::fromStdString(file));
  ASSERT_TRUE(existing.open(QIODevice::ReadOnly));
  EXPECT_EQ(existing.readAll(), "precious");
}

} // namespace
} // namespace nne::ui
