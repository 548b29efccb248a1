#include "ui/export_dialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QStandardPaths>
#include <QVBoxLayout>

#include <algorithm>
#include <array>
#include <initializer_list>
#include <variant>

namespace nne::ui {

namespace {

struct FormatInfo {
  ExportFormat format;
  const char* suffix;
  const char* name; // for the combo and the file dialog's filter
};

constexpr std::array kFormats{
    FormatInfo{ExportFormat::png, "png", QT_TRANSLATE_NOOP("nne::ui::ExportDialog", "PNG image")},
    FormatInfo{ExportFormat::svg, "svg", QT_TRANSLATE_NOOP("nne::ui::ExportDialog", "SVG drawing")},
    FormatInfo{ExportFormat::pdf, "pdf", QT_TRANSLATE_NOOP("nne::ui::ExportDialog", "PDF document")},
    FormatInfo{ExportFormat::csv, "csv", QT_TRANSLATE_NOOP("nne::ui::ExportDialog", "Chart data (CSV)")},
};

// Sizes for slides; any other is "Custom".
struct SizePreset {
  const char* name;
  QSize size;
};

const std::array kPresets{
    SizePreset{QT_TRANSLATE_NOOP("nne::ui::ExportDialog", "Slide, Full HD (1920 x 1080)"), QSize(1920, 1080)},
    SizePreset{QT_TRANSLATE_NOOP("nne::ui::ExportDialog", "Slide, HD (1280 x 720)"), QSize(1280, 720)},
    SizePreset{QT_TRANSLATE_NOOP("nne::ui::ExportDialog", "Slide, 4K (3840 x 2160)"), QSize(3840, 2160)},
    SizePreset{QT_TRANSLATE_NOOP("nne::ui::ExportDialog", "Square (1080 x 1080)"), QSize(1080, 1080)},
};

// Where an export goes before the user has chosen anywhere.
QString default_folder()
{
  const QString documents = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
  return !documents.isEmpty() && QDir(documents).exists() ? documents : QDir::homePath();
}

} // namespace

QString format_suffix(ExportFormat format)
{
  for (const FormatInfo& info : kFormats) {
    if (info.format == format) {
      return QString::fromLatin1(info.suffix);
    }
  }
  return QStringLiteral("png");
}

std::optional<ExportFormat> format_of_path(const QString& path)
{
  const QString suffix = QFileInfo(path).suffix().toLower();
  for (const FormatInfo& info : kFormats) {
    if (suffix == QLatin1String(info.suffix)) {
      return info.format;
    }
  }
  return std::nullopt;
}

QString path_with_format(const QString& path, ExportFormat format)
{
  const QString suffix = format_suffix(format);
  if (format_of_path(path)) {
    // Ours, perhaps in capitals ("Chart.SVG"): replaced only when it names another format.
    const qsizetype dot = path.lastIndexOf('.');
    return path.mid(dot + 1).toLower() == suffix ? path : path.left(dot + 1) + suffix;
  }
  // "chart." is "chart", not "chart..png".
  return (path.endsWith('.') ? path.chopped(1) : path) + '.' + suffix;
}

void export_with_options(ChartSpec spec, const ExportOptions& options, const QString& verdict_caption)
{
  if (options.caption_with_verdict && !verdict_caption.isEmpty()) {
    std::visit(
        [&verdict_caption](auto& chart) {
          chart.caption += (chart.caption.isEmpty() ? QString() : QStringLiteral("\n")) + verdict_caption;
        },
        spec);
  }
  export_chart(spec, path_with_format(options.path, options.format), options.size, options.dpi);
}

ExportOptions remembered_export_options(bool folder)
{
  const QSettings settings;
  ExportOptions options;
  // Whatever the file holds, the dialog gets values it accepts.
  options.format =
      format_of_path("." + settings.value("export/format", QStringLiteral("png")).toString()).value_or(options.format);
  const QSize size = settings.value("export/size", options.size).toSize();
  options.size = QSize(std::clamp(size.width(), kExportMinSide, kExportMaxSide),
                       std::clamp(size.height(), kExportMinSide, kExportMaxSide));
  options.dpi = std::clamp(settings.value("export/dpi", options.dpi).toInt(), kExportMinDpi, kExportMaxDpi);
  options.caption_with_verdict = settings.value("export/captionWithVerdict", false).toBool();
  options.path =
      folder ? settings.value("export/folder", default_folder()).toString()
             : settings.value("export/file", QDir(default_folder()).filePath("chart." + format_suffix(options.format)))
                   .toString();
  return options;
}

void remember_export_options(const ExportOptions& options, bool folder)
{
  QSettings settings;
  settings.setValue("export/format", format_suffix(options.format));
  settings.setValue("export/size", options.size);
  settings.setValue("export/dpi", options.dpi);
  settings.setValue("export/captionWithVerdict", options.caption_with_verdict);
  settings.setValue(folder ? "export/folder" : "export/file", options.path);
}

ExportDialog::ExportDialog(Target target, QWidget* parent) : QDialog(parent), target_(target)
{
  setObjectName("exportDialog");
  setWindowTitle(target_ == Target::file ? tr("Export Chart") : tr("Export All Charts"));
  createImageFields();
  auto* browse = createPathFields();
  createMessageFields();
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
  buttons->button(QDialogButtonBox::Ok)->setText(tr("Export"));
  layOut(browse, buttons);

  connect(format_, &QComboBox::currentIndexChanged, this, &ExportDialog::formatChosen);
  connect(preset_, &QComboBox::activated, this, &ExportDialog::presetChosen);
  connect(width_, &QSpinBox::valueChanged, this, &ExportDialog::sizeEdited);
  connect(height_, &QSpinBox::valueChanged, this, &ExportDialog::sizeEdited);
  // Edited, not changed: the dialog's own rewrites of the name do not choose a format again.
  connect(path_, &QLineEdit::textEdited, this, &ExportDialog::pathEdited);
  connect(browse, &QPushButton::clicked, this, &ExportDialog::browse);
  connect(buttons, &QDialogButtonBox::accepted, this, &ExportDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &ExportDialog::reject);

  setOptions(remembered_export_options(target_ == Target::folder));
}

// What the image is: its format, its size in pixels and its resolution.
void ExportDialog::createImageFields()
{
  format_ = new QComboBox(this);
  format_->setObjectName("exportFormat");
  for (const FormatInfo& info : kFormats) {
    format_->addItem(tr(info.name), static_cast<int>(info.format));
  }

  preset_ = new QComboBox(this);
  preset_->setObjectName("exportSizePreset");
  for (const SizePreset& preset : kPresets) {
    preset_->addItem(tr(preset.name), preset.size);
  }
  preset_->addItem(tr("Custom"), QSize());
  const auto side = [this](const char* name, const QString& tip) {
    auto* spin = new QSpinBox(this);
    spin->setObjectName(name);
    spin->setRange(kExportMinSide, kExportMaxSide);
    spin->setSuffix(tr(" px"));
    spin->setToolTip(tip);
    return spin;
  };
  width_ = side("exportWidth", tr("Width in pixels"));
  height_ = side("exportHeight", tr("Height in pixels"));
  dpi_ = new QSpinBox(this);
  dpi_->setObjectName("exportDpi");
  dpi_->setRange(kExportMinDpi, kExportMaxDpi);
  dpi_->setSuffix(tr(" dpi"));
  // The pixels are the size: the resolution says how large they print.
  dpi_->setToolTip(tr("Stored in the PNG; the physical size of the SVG and of the PDF page (pixels / dpi inches)"));
}

// Where it goes, with the file that will be written shown under the name; returns the Browse button.
QPushButton* ExportDialog::createPathFields()
{
  path_ = new QLineEdit(this);
  path_->setObjectName("exportPath");
  path_->setMinimumWidth(fontMetrics().averageCharWidth() * 48);
  path_->setClearButtonEnabled(true);
  path_->setPlaceholderText(target_ == Target::file ? tr("File to write") : tr("Folder to write every chart into"));
  auto* browse = new QPushButton(tr("Browse..."), this);
  browse->setObjectName("exportBrowse");
  hint_ = new QLabel(this);
  hint_->setObjectName("exportHint");
  hint_->setWordWrap(true);
  hint_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  hint_->setForegroundRole(QPalette::PlaceholderText);

  return browse;
}

void ExportDialog::createMessageFields()
{
  caption_ = new QCheckBox(tr("Put the verdict and the what-if settings in the caption"), this);
  caption_->setObjectName("exportCaptionWithVerdict");
  caption_->setToolTip(
      tr("For a slide that stands alone: under the scenario and its sources, the caption says what the "
         "explorer concludes and at which slider settings"));

  error_ = new QLabel(this);
  error_->setObjectName("exportError");
  error_->setWordWrap(true);
  error_->setStyleSheet("QLabel { color: #8c0016; font-weight: bold; }");
  error_->hide();
}

void ExportDialog::layOut(QPushButton* browse, QDialogButtonBox* buttons)
{
  auto* size_row = new QHBoxLayout();
  size_row->addWidget(preset_, 1);
  size_row->addWidget(width_);
  size_row->addWidget(new QLabel(QStringLiteral("\u00d7"), this));
  size_row->addWidget(height_);
  auto* path_row = new QHBoxLayout();
  path_row->addWidget(path_, 1);
  path_row->addWidget(browse);
  // A row of several widgets has no buddy of its own: its label's mnemonic goes to the first.
  const auto label = [this](const QString& text, QWidget* buddy) {
    auto* l = new QLabel(text, this);
    l->setBuddy(buddy);
    return l;
  };
  auto* dpi_row = new QHBoxLayout();
  dpi_row->addWidget(dpi_);
  dpi_row->addStretch(1);
  auto* form = new QFormLayout();
  form->addRow(tr("&Format:"), format_);
  form->addRow(label(tr("&Size:"), preset_), size_row);
  form->addRow(label(tr("&Resolution:"), dpi_), dpi_row);
  // The file that will be written, right under its name.
  auto* path_column = new QVBoxLayout();
  path_column->setSpacing(2);
  path_column->addLayout(path_row);
  path_column->addWidget(hint_);
  form->addRow(label(target_ == Target::file ? tr("F&ile:") : tr("F&older:"), path_), path_column);
  form->addRow(QString(), caption_);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(form);
  layout->addWidget(error_);
  layout->addStretch(1);
  layout->addWidget(buttons);
}

ExportFormat ExportDialog::format() const
{
  return static_cast<ExportFormat>(format_->currentData().toInt());
}

void ExportDialog::setFormat(ExportFormat format)
{
  format_->setCurrentIndex(format_->findData(static_cast<int>(format)));
}

ExportOptions ExportDialog::options() const
{
  ExportOptions options;
  options.format = format();
  options.size = QSize(width_->value(), height_->value());
  options.dpi = dpi_->value();
  options.caption_with_verdict = caption_->isChecked();
  const QString typed = QDir::fromNativeSeparators(path_->text().trimmed());
  if (!typed.isEmpty()) {
    // Absolute, as the hint shows it: a relative name is relative to the working directory.
    const QString path = QDir::cleanPath(QFileInfo(typed).absoluteFilePath());
    options.path = target_ == Target::file ? path_with_format(path, options.format) : path;
  }
  return options;
}

void ExportDialog::setOptions(const ExportOptions& options)
{
  setFormat(options.format);
  width_->setValue(options.size.width());
  height_->setValue(options.size.height());
  dpi_->setValue(options.dpi);
  caption_->setChecked(options.caption_with_verdict);
  path_->setText(QDir::toNativeSeparators(options.path));
  pathEdited(); // the name's extension, if ours, is the format
}

void ExportDialog::formatChosen()
{
  if (target_ == Target::file) {
    // A name already of one of our types follows the new choice; another is completed on export.
    const QString path = path_->text();
    const std::optional<ExportFormat> named = format_of_path(path);
    if (named && *named != format()) {
      path_->setText(path_with_format(path, format()));
    }
  }
  // The data has no pixels and no caption.
  const bool image = format() != ExportFormat::csv;
  for (QWidget* w : std::initializer_list<QWidget*>{preset_, width_, height_, dpi_, caption_}) {
    w->setEnabled(image);
  }
  updateHint();
}

void ExportDialog::pathEdited()
{
  if (target_ == Target::file) {
    if (const std::optional<ExportFormat> named = format_of_path(path_->text()); named && *named != format()) {
      setFormat(*named); // formatChosen() finds the name already agrees
    }
  }
  error_->hide();
  updateHint();
}

void ExportDialog::presetChosen()
{
  const QSize size = preset_->currentData().toSize();
  if (size.isValid()) {
    const QSignalBlocker w(width_);
    const QSignalBlocker h(height_);
    width_->setValue(size.width());
    height_->setValue(size.height());
  }
}

void ExportDialog::sizeEdited()
{
  const QSignalBlocker blocker(preset_);
  const int index = preset_->findData(QSize(width_->value(), height_->value()));
  preset_->setCurrentIndex(index >= 0 ? index : preset_->count() - 1);
}

void ExportDialog::browse()
{
  QFileDialog dialog(this, target_ == Target::file ? tr("Export chart to") : tr("Export every chart into"));
  dialog.setObjectName("exportBrowseDialog");
  const QFileInfo current(QDir::fromNativeSeparators(path_->text().trimmed()));
  if (target_ == Target::file) {
    dialog.setAcceptMode(QFileDialog::AcceptSave);
    dialog.setFileMode(QFileDialog::AnyFile);
    // This dialog asks before replacing, about the name as completed with its extension.
    dialog.setOption(QFileDialog::DontConfirmOverwrite);
    QStringList filters;
    for (const FormatInfo& info : kFormats) {
      filters << QString("%1 (*.%2)").arg(tr(info.name), QString::fromLatin1(info.suffix));
    }
    dialog.setNameFilters(filters);
    dialog.selectNameFilter(filters.value(format_->currentIndex()));
    if (current.dir().exists()) {
      dialog.setDirectory(current.absolutePath());
    }
    dialog.selectFile(current.fileName());
  } else {
    dialog.setFileMode(QFileDialog::Directory);
    dialog.setOption(QFileDialog::ShowDirsOnly);
    if (current.exists()) {
      dialog.setDirectory(current.absoluteFilePath());
    }
  }
  if (dialog.exec() != QDialog::Accepted || dialog.selectedFiles().isEmpty()) {
    return;
  }
  const QString chosen = dialog.selectedFiles().front();
  if (target_ == Target::file) {
    // The rule of the line edit: an extension of ours typed in the name chooses the format, else the
    // filter's does and its extension is added.
    const qsizetype filter = dialog.nameFilters().indexOf(dialog.selectedNameFilter());
    const ExportFormat format = format_of_path(chosen).value_or(
        filter >= 0 ? static_cast<ExportFormat>(format_->itemData(static_cast<int>(filter)).toInt()) : this->format());
    path_->setText(QDir::toNativeSeparators(path_with_format(chosen, format)));
    setFormat(format);
  } else {
    path_->setText(QDir::toNativeSeparators(chosen));
  }
  error_->hide();
  updateHint();
}

void ExportDialog::updateHint()
{
  const ExportOptions o = options();
  if (o.path.isEmpty()) {
    hint_->setText(target_ == Target::file ? tr("Type a file name or choose one with Browse.")
                                           : tr("Type a folder or choose one with Browse."));
  } else if (target_ == Target::file) {
    hint_->setText(tr("Writes %1").arg(QDir::toNativeSeparators(QFileInfo(o.path).absoluteFilePath())));
  } else {
    const QString suffix = format_suffix(o.format);
    hint_->setText(tr("Writes one .%1 file per chart (breakdown.%1, sweep.%1, ...) into %2")
                       .arg(suffix, QDir::toNativeSeparators(QFileInfo(o.path).absoluteFilePath())));
  }
}

void ExportDialog::showError(const QString& message)
{
  error_->setText(message);
  error_->show();
}

void ExportDialog::accept()
{
  const ExportOptions o = options();
  if (o.path.isEmpty()) {
    showError(target_ == Target::file ? tr("Choose the file to export to.") : tr("Choose the folder to export to."));
    return;
  }
  const QFileInfo info(o.path);
  if (target_ == Target::folder) {
    if (!info.isDir()) {
      showError(tr("The folder %1 does not exist.").arg(QDir::toNativeSeparators(info.absoluteFilePath())));
      return;
    }
  } else {
    if (!info.absoluteDir().exists()) {
      showError(tr("The folder %1 does not exist.").arg(QDir::toNativeSeparators(info.absolutePath())));
      return;
    }
    if (info.isDir()) {
      showError(tr("%1 is a folder: give a file name.").arg(QDir::toNativeSeparators(info.absoluteFilePath())));
      return;
    }
    if (info.exists() &&
        QMessageBox::question(this, windowTitle(), tr("%1 already exists. Replace it?").arg(info.fileName()),
                              QMessageBox::Yes | QMessageBox::No, QMessageBox::No) != QMessageBox::Yes) {
      return;
    }
  }
  remember_export_options(o, target_ == Target::folder);
  QDialog::accept();
}

} // namespace nne::ui
