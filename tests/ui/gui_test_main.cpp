// GoogleTest main for the GUI tests: one QApplication for the whole run. Offscreen unless the
// environment names a platform (the Xvfb smoke test runs with QT_QPA_PLATFORM=xcb).
#include <QApplication>

#include <gtest/gtest.h>

int main(int argc, char* argv[])
{
  if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) {
    qputenv("QT_QPA_PLATFORM", "offscreen");
  }
  ::testing::InitGoogleTest(&argc, argv);
  QApplication app(argc, argv);
  QApplication::setOrganizationName("nn-energy-explorer-tests"); // keeps the user's settings out
  return RUN_ALL_TESTS();
}
