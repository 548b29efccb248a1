#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

namespace nne::testing {

// A fresh directory named after the running test, removed afterwards.
class TempDir {
public:
  TempDir()
      : path_(std::filesystem::temp_directory_path() /
              ("nne-" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->test_suite_name()) + "-" +
               ::testing::UnitTest::GetInstance()->current_test_info()->name()))
  {
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const noexcept { return path_; }
  std::string file(const std::string& name) const { return (path_ / name).string(); }

private:
  std::filesystem::path path_;
};

} // namespace nne::testing
