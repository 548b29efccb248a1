#include "core/energy/scenario.h"
#include "core/io/presets.h"
#include "tests/support/temp_dir.h"
#include "ui/chart_builders.h"
#include "ui/export_dialog.h"
#include "ui/main_window.h"
#include "ui/scenario_document.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QTest>
#include <QTimer>
#include <QXmlStreamReader>

#include <gtest/gtest.h>

#include <cstdint>
#include <functional>

namespace nne::ui {
namespace {

// Every test gets settings of its own: an organization no other test (or user) has, emptied.
class ExportDialogTest : public ::testing::Test {
protected:
  ExportDialogTest() : organization_(QApplication::organizationName())
  {
    QApplication::setOrganizationName("nn-energy-explorer-tests-export-dialog");
    QSettings().clear();
  }
  ~ExportDialogTest() override
  {
    QSettings().clear();
    QApplication::setOrganizationName(organization_);
  }

  QString file(const QString& name) const { return QString::fromStdString(temp_.file(name.toStdString())); }

  static QByteArray read(const QString& path)
  {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
  }

  // What a user does in the field: types, so that the dialog hears an edit.
  static void type(ExportDialog& dialog, const QString& text)
  {
    auto* path = dialog.findChild<QLineEdit*>("exportPath");
    path->selectAll();
    QTest::keyClick(path, Qt::Key_Delete);
    QTest::keyClicks(path, text);
  }

  static void chooseFormat(ExportDialog& dialog, ExportFormat format)
  {
    auto* combo = dialog.findChild<QComboBox*>("exportFormat");
    combo->setCurrentIndex(combo->findData(static_cast<int>(format)));
  }

  static ExportFormat shownFormat(const ExportDialog& dialog)
  {
    return static_cast<ExportFormat>(dialog.findChild<QComboBox*>("exportFormat")->currentData().toInt());
  }

  // Runs `answer` on the modal widget that opens next (a message box, the file dialog).
  static void whenModal(std::function<void(QWidget*)> answer)
  {
    QTimer::singleShot(0, [answer = std::move(answer)] {
      QWidget* modal = QApplication::activeModalWidget();
      ASSERT_NE(modal, nullptr);
      answer(modal);
    });
  }

  const Scenario& scenario_ = *builtin_presets().find_scenario("paper-llama7b-kv");
  const ScenarioResult result_ = evaluate(scenario_);
  nne::testing::TempDir temp_;

private:
  QString organization_;
};

std::uint32_t big_endian(const QByteArray& bytes, qsizetype at)
{
  std::uint32_t value = 0;
  for (qsizetype i = 0; i < 4; ++i) {
    value = value << 8 | static_cast<std::uint8_t>(bytes[at + i]);
  }
  return value;
}

TEST_F(ExportDialogTest, ANameGetsTheExtensionOfTheFormatChosen)
{
  EXPECT_EQ(path_with_format("/tmp/chart", ExportFormat::svg), "/tmp/chart.svg");
  EXPECT_EQ(path_with_format("/tmp/chart", ExportFormat::png), "/tmp/chart.png");
  EXPECT_EQ(path_with_format("/tmp/chart.", ExportFormat::pdf), "/tmp/chart.pdf");
  EXPECT_EQ(path_with_format("/tmp/chart.svg", ExportFormat::svg), "/tmp/chart.svg");
  EXPECT_EQ(path_with_format("/tmp/Chart.SVG", ExportFormat::svg), "/tmp/Chart.SVG");
  EXPECT_EQ(path_with_format("/tmp/chart.png", ExportFormat::pdf), "/tmp/chart.pdf");
  // Not one of ours: a part of the name.
  EXPECT_EQ(path_with_format("/tmp/report.v2", ExportFormat::csv), "/tmp/report.v2.csv");
  EXPECT_EQ(path_with_format("/tmp/dir.d/chart", ExportFormat::png), "/tmp/dir.d/chart.png");
  EXPECT_EQ(format_of_path("a/b.PDF"), ExportFormat::pdf);
  EXPECT_EQ(format_of_path("a/b.jpeg"), std::nullopt);

  ExportDialog dialog(ExportDialog::Target::file);
  type(dialog, file("slide"));
  for (ExportFormat format : {ExportFormat::svg, ExportFormat::pdf, ExportFormat::csv, ExportFormat::png}) {
    chooseFormat(dialog, format);
    EXPECT_EQ(dialog.options().path, file("slide." + format_suffix(format)));
    EXPECT_EQ(dialog.options().format, format);
  }
  // The line under the name says which file it will be.
  chooseFormat(dialog, ExportFormat::svg);
  EXPECT_TRUE(dialog.findChild<QLabel*>("exportHint")->text().contains(QDir::toNativeSeparators(file("slide.svg"))));
}

TEST_F(ExportDialogTest, TheFileNameAndTheFormatAlwaysAgree)
{
  ExportDialog dialog(ExportDialog::Target::file);
  chooseFormat(dialog, ExportFormat::png);
  // Typing an extension of ours chooses that format...
  type(dialog, file("talk.pdf"));
  EXPECT_EQ(shownFormat(dialog), ExportFormat::pdf);
  EXPECT_EQ(dialog.options().path, file("talk.pdf"));
  // ...choosing a format rewrites it...
  chooseFormat(dialog, ExportFormat::svg);
  EXPECT_EQ(dialog.findChild<QLineEdit*>("exportPath")->text(), QDir::toNativeSeparators(file("talk.svg")));
  EXPECT_EQ(dialog.options().path, file("talk.svg"));
  // ...and another extension is a part of the name, completed with the format's.
  type(dialog, file("talk.final"));
  EXPECT_EQ(shownFormat(dialog), ExportFormat::svg);
  EXPECT_EQ(dialog.options().path, file("talk.final.svg"));
  // CSV is data: no pixels, no caption.
  chooseFormat(dialog, ExportFormat::csv);
  EXPECT_FALSE(dialog.findChild<QSpinBox*>("exportWidth")->isEnabled());
  EXPECT_FALSE(dialog.findChild<QCheckBox*>("exportCaptionWithVerdict")->isEnabled());
  chooseFormat(dialog, ExportFormat::png);
  EXPECT_TRUE(dialog.findChild<QSpinBox*>("exportDpi")->isEnabled());
}

TEST_F(ExportDialogTest, TheTypeChosenIsTheTypeWrittenEvenWithoutAnExtension)
{
  const StackedBarSpec spec = breakdown_spec(scenario_, result_, BreakdownUnit::normalized);
  const struct {
    ExportFormat format;
    QByteArray magic;
  } cases[]{{ExportFormat::svg, "<?xml"}, {ExportFormat::png, "\x89PNG\r\n\x1a\n"}, {ExportFormat::pdf, "%PDF-"}};
  for (const auto& c : cases) {
    const QString name = file("chart-" + format_suffix(c.format));
    ExportDialog dialog(ExportDialog::Target::file);
    type(dialog, name);
    chooseFormat(dialog, c.format);
    dialog.accept();
    ASSERT_EQ(dialog.result(), QDialog::Accepted);
    export_with_options(spec, dialog.options(), verdict_caption(scenario_, result_));
    EXPECT_FALSE(QFile::exists(name)) << name.toStdString();
    const QByteArray written = read(name + "." + format_suffix(c.format));
    EXPECT_TRUE(written.startsWith(c.magic)) << name.toStdString() << ": " << written.left(16).toStdString();
  }
  // The SVG is an SVG, not a PNG under another name.
  EXPECT_TRUE(read(file("chart-svg.svg")).contains("<svg"));
}

TEST_F(ExportDialogTest, SizeAndResolutionReachThePng)
{
  ExportDialog dialog(ExportDialog::Target::file);
  type(dialog, file("small"));
  chooseFormat(dialog, ExportFormat::png);
  auto* preset = dialog.findChild<QComboBox*>("exportSizePreset");
  preset->setCurrentIndex(preset->findData(QSize(1280, 720)));
  emit preset->activated(preset->currentIndex()); // as a click does
  EXPECT_EQ(dialog.findChild<QSpinBox*>("exportWidth")->value(), 1280);
  dialog.findChild<QSpinBox*>("exportHeight")->setValue(600); // no preset is 1280x600
  EXPECT_EQ(preset->currentData().toSize(), QSize());
  dialog.findChild<QSpinBox*>("exportDpi")->setValue(150);
  dialog.accept();
  ASSERT_EQ(dialog.result(), QDialog::Accepted);
  EXPECT_EQ(dialog.options().size, QSize(1280, 600));
  EXPECT_EQ(dialog.options().dpi, 150);

  export_with_options(breakdown_spec(scenario_, result_, BreakdownUnit::joules), dialog.options(), QString());
  const QByteArray png = read(file("small.png"));
  ASSERT_GT(png.size(), 33);
  // The IHDR chunk follows the 8-byte signature: length, "IHDR", width, height.
  ASSERT_EQ(png.mid(12, 4), "IHDR");
  EXPECT_EQ(big_endian(png, 16), 1280U);
  EXPECT_EQ(big_endian(png, 20), 600U);
  // pHYs: pixels per metre, x then y, then the unit (1 = metre).
  const qsizetype phys = png.indexOf("pHYs");
  ASSERT_GT(phys, 0);
  EXPECT_NEAR(big_endian(png, phys + 4) * 0.0254, 150, 0.5);
  EXPECT_NEAR(big_endian(png, phys + 8) * 0.0254, 150, 0.5);
}

// The SVG's description is the caption whole; its drawing has the caption in lines of words.
struct SvgText {
  QString description;
  QString drawn;
  QString error; // of the XML, if it is not well-formed
};

SvgText svg_text(const QByteArray& svg)
{
  SvgText text;
  QXmlStreamReader xml(svg);
  while (!xml.atEnd()) {
    if (xml.readNext() == QXmlStreamReader::StartElement) {
      if (xml.name() == QLatin1String("desc")) {
        text.description += xml.readElementText(QXmlStreamReader::IncludeChildElements);
      } else if (xml.name() == QLatin1String("text")) {
        text.drawn += xml.readElementText(QXmlStreamReader::IncludeChildElements) + ' ';
      }
    }
  }
  text.error = xml.errorString();
  return text;
}

TEST_F(ExportDialogTest, TheCaptionOptionPutsTheVerdictAndTheWhatIfSettingsOnTheSlide)
{
  Scenario scenario = scenario_;
  scenario.scales.mac = 1.0 / 16;
  scenario.scales.kv_cache = 1.0 / 4;
  const ScenarioResult result = evaluate(scenario);
  const QString verdict = verdict_text(scenario, result);
  const QString caption = verdict_caption(scenario, result);
  ASSERT_FALSE(verdict.isEmpty());
  EXPECT_TRUE(caption.contains(verdict));
  EXPECT_TRUE(caption.contains("MAC 1/16 (16x cheaper)")) << caption.toStdString();
  EXPECT_TRUE(caption.contains("KV cache 1/4 (4x cheaper)")) << caption.toStdString();
  EXPECT_TRUE(caption.contains("Weight memory 1 (today's)")) << caption.toStdString();

  const StackedBarSpec spec = breakdown_spec(scenario, result, BreakdownUnit::normalized);
  for (bool with_verdict : {true, false}) {
    ExportDialog dialog(ExportDialog::Target::file);
    type(dialog, file(with_verdict ? "with" : "without"));
    chooseFormat(dialog, ExportFormat::svg);
    dialog.findChild<QCheckBox*>("exportCaptionWithVerdict")->setChecked(with_verdict);
    dialog.accept();
    ASSERT_EQ(dialog.result(), QDialog::Accepted);
    EXPECT_EQ(dialog.options().caption_with_verdict, with_verdict);
    export_with_options(spec, dialog.options(), caption);
    const SvgText svg = svg_text(read(dialog.options().path));
    EXPECT_TRUE(svg.error.isEmpty()) << svg.error.toStdString();
    // The scenario's caption either way, the verdict only when asked for.
    EXPECT_TRUE(svg.description.contains(spec.caption)) << svg.description.toStdString();
    EXPECT_EQ(svg.description.contains(verdict), with_verdict) << svg.description.toStdString();
    EXPECT_EQ(svg.drawn.contains("Verdict:"), with_verdict);
  }
}

TEST_F(ExportDialogTest, TheChoicesAreRememberedForTheNextExport)
{
  {
    ExportDialog dialog(ExportDialog::Target::file);
    type(dialog, file("remembered"));
    chooseFormat(dialog, ExportFormat::pdf);
    dialog.findChild<QSpinBox*>("exportWidth")->setValue(3000);
    dialog.findChild<QSpinBox*>("exportHeight")->setValue(2000);
    dialog.findChild<QSpinBox*>("exportDpi")->setValue(300);
    dialog.findChild<QCheckBox*>("exportCaptionWithVerdict")->setChecked(true);
    dialog.accept();
    ASSERT_EQ(dialog.result(), QDialog::Accepted);
  }
  const ExportOptions expected{file("remembered.pdf"), ExportFormat::pdf, QSize(3000, 2000), 300, true};
  EXPECT_EQ(remembered_export_options(false), expected);
  {
    const ExportDialog again(ExportDialog::Target::file);
    EXPECT_EQ(again.options(), expected);
    EXPECT_EQ(shownFormat(again), ExportFormat::pdf);
    EXPECT_TRUE(again.findChild<QCheckBox*>("exportCaptionWithVerdict")->isChecked());
  }
  // A dialog cancelled changes nothing.
  {
    ExportDialog cancelled(ExportDialog::Target::file);
    chooseFormat(cancelled, ExportFormat::png);
    cancelled.reject();
  }
  EXPECT_EQ(remembered_export_options(false), expected);
  // Every chart goes to a folder, remembered apart from the file; the rest is shared.
  {
    ExportDialog folder(ExportDialog::Target::folder);
    EXPECT_EQ(folder.options().format, ExportFormat::pdf);
    type(folder, QString::fromStdString(temp_.path().string()));
    folder.accept();
    ASSERT_EQ(folder.result(), QDialog::Accepted);
  }
  EXPECT_EQ(remembered_export_options(true).path, QDir::cleanPath(QString::fromStdString(temp_.path().string())));
  EXPECT_EQ(remembered_export_options(false).path, file("remembered.pdf"));
  EXPECT_EQ(QSettings().value("export/format").toString(), "pdf");
}

TEST_F(ExportDialogTest, AMissingFolderIsSaidAndAnExistingFileIsReplacedOnlyWhenTheUserSaysSo)
{
  ExportDialog dialog(ExportDialog::Target::file);
  type(dialog, file("no-such-folder/chart"));
  dialog.accept();
  EXPECT_NE(dialog.result(), QDialog::Accepted);
  auto* error = dialog.findChild<QLabel*>("exportError");
  EXPECT_FALSE(error->isHidden());
  EXPECT_TRUE(error->text().contains("does not exist")) << error->text().toStdString();
  EXPECT_TRUE(remembered_export_options(false).path.endsWith("chart.png")); // the default, not this

  QFile existing(file("old.png"));
  ASSERT_TRUE(existing.open(QIODevice::WriteOnly));
  existing.close();
  type(dialog, file("old"));
  chooseFormat(dialog, ExportFormat::png);
  QString question;
  whenModal([&question](QWidget* modal) {
    auto* box = qobject_cast<QMessageBox*>(modal);
    ASSERT_NE(box, nullptr);
    question = box->text();
    box->button(QMessageBox::No)->click();
  });
  dialog.accept();
  EXPECT_TRUE(question.contains("old.png")) << question.toStdString();
  EXPECT_NE(dialog.result(), QDialog::Accepted);
  whenModal([](QWidget* modal) { qobject_cast<QMessageBox*>(modal)->button(QMessageBox::Yes)->click(); });
  dialog.accept();
  EXPECT_EQ(dialog.result(), QDialog::Accepted);
}

TEST_F(ExportDialogTest, BrowseFollowsTheSameRuleAsTheName)
{
  QApplication::setAttribute(Qt::AA_DontUseNativeDialogs);
  ExportDialog dialog(ExportDialog::Target::file);
  type(dialog, file("start"));
  whenModal([this](QWidget* modal) {
    auto* files = qobject_cast<QFileDialog*>(modal);
    ASSERT_NE(files, nullptr);
    EXPECT_TRUE(files->testOption(QFileDialog::DontUseNativeDialog) ||
                QApplication::testAttribute(Qt::AA_DontUseNativeDialogs));
    files->selectNameFilter(files->nameFilters().filter("*.svg").value(0));
    files->selectFile(file("picked"));
    static_cast<QDialog*>(files)->accept(); // public in QDialog
  });
  QTest::mouseClick(dialog.findChild<QPushButton*>("exportBrowse"), Qt::LeftButton);
  EXPECT_EQ(shownFormat(dialog), ExportFormat::svg);
  EXPECT_EQ(dialog.options().path, file("picked.svg"));
}

// The window's Export Chart and Export All Charts go through the dialog.
class ExportFromWindowTest : public ExportDialogTest {
protected:
  ExportFromWindowTest() : document_(scenario_), window_(document_, builtin_presets())
  {
    window_.show();
    QApplication::processEvents();
  }

  // Fills in the dialog that `action` opens and accepts it.
  void exportWith(const char* action, const ExportOptions& options)
  {
    whenModal([options](QWidget* modal) {
      auto* dialog = qobject_cast<ExportDialog*>(modal);
      ASSERT_NE(dialog, nullptr);
      dialog->setOptions(options);
      dialog->accept();
    });
    auto* trigger = window_.findChild<QAction*>(action);
    ASSERT_NE(trigger, nullptr) << action;
    trigger->trigger();
  }

  ScenarioDocument document_;
  MainWindow window_;
};

TEST_F(ExportFromWindowTest, ExportChartWritesTheTypeSizeAndCaptionChosen)
{
  exportWith("exportChart", {file("from-window"), ExportFormat::svg, QSize(1280, 720), 96, true});
  const QByteArray svg = read(file("from-window.svg"));
  ASSERT_TRUE(svg.startsWith("<?xml")) << svg.left(16).toStdString();
  EXPECT_TRUE(svg.contains("viewBox=\"0 0 1280 720\""));
  // The verdict the window shows under its charts.
  const QString verdict = window_.verdictLabel()->text();
  ASSERT_FALSE(verdict.isEmpty());
  EXPECT_EQ(verdict, verdict_text(document_.scenario(), evaluate(document_.scenario())));
  const SvgText text = svg_text(svg);
  EXPECT_TRUE(text.error.isEmpty()) << text.error.toStdString(); // its "< 1 %" escaped
  EXPECT_TRUE(text.description.contains(verdict)) << text.description.toStdString();
  EXPECT_TRUE(text.drawn.contains("Verdict:"));
}

TEST_F(ExportFromWindowTest, ExportAllChartsWritesEveryChartInTheTypeChosen)
{
  const QString folder = QString::fromStdString(temp_.path().string());
  exportWith("exportAllCharts", {folder, ExportFormat::png, QSize(640, 360), 120, false});
  for (const char* chart : {"breakdown", "sweep", "savings", "regime", "design-space"}) {
    const QByteArray png = read(QDir(folder).filePath(QString(chart) + ".png"));
    ASSERT_TRUE(png.startsWith("\x89PNG")) << chart;
    EXPECT_EQ(big_endian(png, 16), 640U) << chart;
    EXPECT_EQ(big_endian(png, 20), 360U) << chart;
    EXPECT_FALSE(QFile::exists(QDir(folder).filePath(QString(chart) + ".svg"))) << chart;
  }
}

} // namespace
} // namespace nne::ui
