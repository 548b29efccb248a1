// GoogleTest main for the GUI tests: one QApplication for the whole run. Offscreen unless the
// environment names a platform (the Xvfb smoke test runs with QT_QPA_PLATFORM=xcb).
#include <QApplication>
#include <QSettings>
#include <QTemporaryDir>

#include <gtest/gtest.h>

int main(int argc, char* argv[])
{
  if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) {
    qputenv("QT_QPA_PLATFORM", "offscreen");
  }
  ::testing::InitGoogleTest(&argc, argv);
  QApplication app(argc, argv);
  // Settings (window layout, recent files) go to a directory of this process's own: the user's
  // are left alone, and tests running in parallel do not share a file.
  const QTemporaryDir settings;
  QSettings::setDefaultFormat(QSettings::IniFormat);
  QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, settings.path());
  QApplication::setOrganizationName("nn-energy-explorer-tests");
  return RUN_ALL_TESTS();
}
