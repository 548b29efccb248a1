#include "ui/failure_report.h"

#include <QMessageBox>

#include <exception>

namespace nne::ui {

bool run_reporting_failure(QWidget* parent, const QString& failure, const std::function<void()>& action)
{
  try {
    action();
    return true;
  } catch (const std::exception& error) {
    QMessageBox::critical(parent, failure, QString::fromStdString(error.what()));
    return false;
  }
}

} // namespace nne::ui
