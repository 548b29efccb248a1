#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace nne::cli {

// A plain-text table with aligned columns: text left-aligned, numbers right-aligned.
class TextTable {
public:
  enum class Align { left, right };

  explicit TextTable(std::vector<std::string> header, std::vector<Align> alignment = {});
  void add_row(std::vector<std::string> cells);
  void write(std::ostream& out) const;

private:
  std::vector<std::string> header_;
  std::vector<Align> alignment_;
  std::vector<std::vector<std::string>> rows_;
};

// Display width of UTF-8 text (counts code points, not bytes).
std::size_t display_width(const std::string& text);

} // namespace nne::cli
