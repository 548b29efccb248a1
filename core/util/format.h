#pragma once

#include <string>
#include <string_view>

namespace nne {

// Number formatting shared by the command line and the GUI, so both print the same digits.

// The shortest text that reads back as the same double ("0.0625", "6.66e+09").
std::string format_shortest(double value);
// An integral value with thousands separators: 11689512 -> "11,689,512". Non-integral values
// are rounded to the nearest integer.
std::string format_grouped(double value);
// `significant` significant digits in plain or scientific notation, whichever is shorter to read:
// 1.2345e-7 -> "1.23e-07"; 0.65914 -> "0.659".
std::string format_significant(double value, int significant);
// Fixed number of decimals, switching to scientific notation for small non-zero values that
// would show as zero: format_decimals(4.47e-4, 5) -> "0.00045", format_decimals(4e-9, 5) -> "4.00000e-09".
std::string format_decimals(double value, int decimals);
// An energy in joules with an SI prefix and 4 significant digits: 4.212e-4 -> "421.2 µJ".
std::string format_joules(double joules);
// Bytes with a binary prefix and 4 significant digits: 8192 -> "8 KiB", 1.3e10 -> "12.11 GiB".
std::string format_bytes(double bytes);
// Large counts with a short suffix: 6.66e9 -> "6.66 G", 11689512 -> "11.69 M".
std::string format_count(double value);

// What-if scale factors. Read from numbers or from strings such as "1/16" (throws
// std::invalid_argument); shown as "1", "1/2", ..., "1/1024" for powers of two, otherwise a short
// decimal.
double parse_scale_text(std::string_view text);
std::string format_scale(double scale);

} // namespace nne
