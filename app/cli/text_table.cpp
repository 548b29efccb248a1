#include "app/cli/text_table.h"

#include <algorithm>

namespace nne::cli {

std::size_t display_width(const std::string& text)
{
  return static_cast<std::size_t>(
      std::ranges::count_if(text, [](char c) { return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U; }));
}

TextTable::TextTable(std::vector<std::string> header, std::vector<Align> alignment)
    : header_(std::move(header)), alignment_(std::move(alignment))
{
  alignment_.resize(header_.size(), Align::left);
}

void TextTable::add_row(std::vector<std::string> cells)
{
  cells.resize(header_.size());
  rows_.push_back(std::move(cells));
}

void TextTable::write(std::ostream& out) const
{
  std::vector<std::size_t> widths(header_.size(), 0);
  const auto measure = [&](const std::vector<std::string>& row) {
    for (std::size_t i = 0; i < row.size(); ++i) {
      widths[i] = std::max(widths[i], display_width(row[i]));
    }
  };
  measure(header_);
  std::ranges::for_each(rows_, measure);

  const auto write_row = [&](const std::vector<std::string>& row) {
    std::string line;
    for (std::size_t i = 0; i < row.size(); ++i) {
      const std::string padding(widths[i] - display_width(row[i]), ' ');
      line += (i == 0 ? "" : "  ") + (alignment_[i] == Align::right ? padding + row[i] : row[i] + padding);
    }
    line.erase(line.find_last_not_of(' ') + 1);
    out << line << '\n';
  };
  write_row(header_);
  std::string rule;
  for (std::size_t i = 0; i < widths.size(); ++i) {
    rule += (i == 0 ? "" : "  ") + std::string(widths[i], '-');
  }
  out << rule << '\n';
  std::ranges::for_each(rows_, write_row);
}

} // namespace nne::cli
