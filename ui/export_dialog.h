#pragma once

#include "ui/chart/chart_export.h"

#include <QDialog>
#include <QSize>
#include <QString>

#include <optional>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSettings;
class QSpinBox;

namespace nne::ui {

// The file types chart_export writes.
enum class ExportFormat { png, svg, pdf, csv };

// What one export writes, as the dialog left it; plain data, so the rules are testable without it.
struct ExportOptions {
  QString path; // a file, or for every chart a folder
  ExportFormat format = ExportFormat::png;
  QSize size{1920, 1080};
  int dpi = 96;
  bool caption_with_verdict = false;

  friend bool operator==(const ExportOptions&, const ExportOptions&) = default;
};

// The limits the command line's export has too.
inline constexpr int kExportMinSide = 64;
inline constexpr int kExportMaxSide = 16384;
inline constexpr int kExportMinDpi = 72;
inline constexpr int kExportMaxDpi = 2400;

// "png", "svg", ...: the extension without its dot, and the settings' spelling.
QString format_suffix(ExportFormat format);
// The format a path's extension names, if it names one of ours (any case).
std::optional<ExportFormat> format_of_path(const QString& path);
// The file an export of `format` writes for `path`: an extension of ours is replaced by the
// format's, any other name gets the format's appended ("chart" and "chart.v2" alike), so the file
// is always of the type chosen and its name says so.
QString path_with_format(const QString& path, ExportFormat format);

// The options of the last export (QSettings group "export"); `folder` chooses which path is
// remembered: the last file, or the last folder every chart went to.
ExportOptions remembered_export_options(bool folder);
void remember_export_options(const ExportOptions& options, bool folder);

// Writes the chart as `options` say. With caption_with_verdict, `verdict_caption` (chart_builders'
// verdict_caption) goes under the chart's own caption; CSV has no caption.
void export_with_options(ChartSpec spec, const ExportOptions& options, const QString& verdict_caption);

// One dialog for an export: format, size in pixels (with slide presets), resolution, the file (or
// the folder, for every chart) and whether the caption carries the verdict. The file name and the
// format always agree: typing an extension of ours chooses that format, choosing a format rewrites
// such an extension, and a name without one gets the format's (the line under the name shows the
// file that will be written). Accepting checks the folder exists, asks before replacing a file, and
// remembers the choices for the next export.
class ExportDialog : public QDialog {
  Q_OBJECT

public:
  enum class Target { file, folder };

  explicit ExportDialog(Target target, QWidget* parent = nullptr);

  // The options as accepted: a file's path carries the format's extension.
  ExportOptions options() const;
  void setOptions(const ExportOptions& options);

  void accept() override;

private:
  void createImageFields();
  QPushButton* createPathFields();
  void createMessageFields();
  void layOut(QPushButton* browse, QDialogButtonBox* buttons);
  ExportFormat format() const;
  void setFormat(ExportFormat format);
  void formatChosen();
  void pathEdited();
  void presetChosen();
  void sizeEdited();
  void browse();
  void updateHint();
  void showError(const QString& message);

  Target target_;
  QComboBox* format_ = nullptr;
  QComboBox* preset_ = nullptr;
  QSpinBox* width_ = nullptr;
  QSpinBox* height_ = nullptr;
  QSpinBox* dpi_ = nullptr;
  QLineEdit* path_ = nullptr;
  QLabel* hint_ = nullptr;
  QCheckBox* caption_ = nullptr;
  QLabel* error_ = nullptr;
};

} // namespace nne::ui
