// The command table with the GUI library's commands, in-process: `screenshot` checks its arguments
// before any window opens, `--help` lists every command.
#include "app/cli/cli.h"
#include "app/cli/gui_commands.h"
#include "tests/support/temp_dir.h"

#include <QImage>
#include <QString>

#include <gtest/gtest.h>

#include <regex>

#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

namespace nne::ui {
namespace {

struct Outcome {
  int status = -1;
  std::string out;
  std::string err;
};

class ScreenshotCommand : public ::testing::Test {
protected:
  ScreenshotCommand() { cli::register_gui_commands(); }

  static Outcome run(const std::vector<std::string_view>& args)
  {
    std::ostringstream out;
    std::ostringstream err;
    Outcome outcome;
    outcome.status = cli::run(args, out, err);
    outcome.out = out.str();
    outcome.err = err.str();
    return outcome;
  }

  // Bad input: status 2, stdout empty, exactly this one line on stderr.
  static void expect_bad_input(const Outcome& outcome, const std::string& message)
  {
    EXPECT_EQ(outcome.status, 2);
    EXPECT_EQ(outcome.out, "");
    EXPECT_EQ(outcome.err, "nn-energy-explorer: " + message + "\n");
  }

  nne::testing::TempDir temp_;
};

TEST_F(ScreenshotCommand, HelpListsTheGuiCommands)
{
  const Outcome help = run({"--help"});
  ASSERT_EQ(help.status, 0) << help.err;
  EXPECT_NE(help.out.find("nn-energy-explorer screenshot OUT.png [SCENARIO]"), std::string::npos) << help.out;
  EXPECT_NE(help.out.find("nn-energy-explorer export SCENARIO"), std::string::npos) << help.out;
  // In the command list, its name padded to the longest command's.
  EXPECT_TRUE(std::regex_search(help.out, std::regex("\n  screenshot +a picture of the main window"))) << help.out;
  EXPECT_EQ(help.out.find("bench-ui"), std::string::npos) << help.out; // a development tool, not a command
}

TEST_F(ScreenshotCommand, BadArgumentsAreToldBeforeAnyWindow)
{
  constexpr std::string_view kUsage = "; usage: nn-energy-explorer screenshot OUT.png [SCENARIO]";
  expect_bad_input(run({"screenshot"}), "screenshot: missing OUT.png" + std::string(kUsage));
  expect_bad_input(run({"screenshot", "picture.txt"}),
                   "picture.txt: expected a file ending in .png" + std::string(kUsage));
  expect_bad_input(run({"screenshot", "a.png", "paper-llama7b-kv", "extra"}),
                   "extra: unexpected argument" + std::string(kUsage));
  expect_bad_input(run({"screenshot", "a.png", "--size", "10x10"}), "--size: not an option of `screenshot`");
  const Outcome unknown = run({"screenshot", temp_.file("a.png"), "nosuch"});
  EXPECT_EQ(unknown.status, 2);
  EXPECT_EQ(unknown.out, "");
  EXPECT_EQ(unknown.err.rfind("nn-energy-explorer: nosuch: ", 0), 0U) << unknown.err;
  EXPECT_FALSE(std::filesystem::exists(temp_.file("a.png")));
}

TEST_F(ScreenshotCommand, HelpIsHelpNotAFileName)
{
  const std::filesystem::path before = std::filesystem::current_path();
  std::filesystem::current_path(temp_.path());
  const Outcome help = run({"screenshot", "--help"});
  std::filesystem::current_path(before);
  EXPECT_EQ(help.status, 0);
  EXPECT_EQ(help.out.rfind("Usage: nn-energy-explorer screenshot OUT.png [SCENARIO]", 0), 0U) << help.out;
  EXPECT_EQ(help.err, "");
  EXPECT_TRUE(std::filesystem::is_empty(temp_.path()));
}

TEST_F(ScreenshotCommand, WritesAPictureOfTheMainWindow)
{
  const std::string file = temp_.file("window.png");
  const Outcome shot = run({"screenshot", file, "paper-resnet18-mac"});
  ASSERT_EQ(shot.status, 0) << shot.err;
  EXPECT_EQ(shot.out, "");
  const QImage image(QString::fromStdString(file));
  ASSERT_FALSE(image.isNull());
  EXPECT_GT(image.width(), 0);
}

} // namespace
} // namespace nne::ui
