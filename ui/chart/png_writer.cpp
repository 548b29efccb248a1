#include "ui/chart/png_writer.h"

#include <zlib.h>

#include <array>
#include <stdexcept>
#include <vector>

namespace nne::ui {

namespace {

constexpr std::size_t kBytesPerPixel = 3;
constexpr unsigned char kFilterUp = 2;
constexpr std::array<unsigned char, 8> kSignature{0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

void append_u32(std::string& out, std::uint32_t value)
{
  out.push_back(static_cast<char>((value >> 24) & 0xffU));
  out.push_back(static_cast<char>((value >> 16) & 0xffU));
  out.push_back(static_cast<char>((value >> 8) & 0xffU));
  out.push_back(static_cast<char>(value & 0xffU));
}

// A chunk: length, type, data, and the CRC of type and data.
void append_chunk(std::string& out, const char (&type)[5], const std::string& data)
{
  append_u32(out, static_cast<std::uint32_t>(data.size()));
  const std::size_t type_at = out.size();
  out.append(type, 4);
  out += data;
  const auto* crc_from = reinterpret_cast<const Bytef*>(out.data() + type_at); // NOLINT: zlib takes bytes
  append_u32(out,
             static_cast<std::uint32_t>(crc32(crc32(0L, Z_NULL, 0), crc_from, static_cast<uInt>(4 + data.size()))));
}

// The row as PNG's RGB bytes.
void unpack_row(std::span<const std::uint32_t> row, std::vector<unsigned char>& rgb)
{
  for (std::size_t x = 0; x < row.size(); ++x) {
    rgb[kBytesPerPixel * x] = static_cast<unsigned char>((row[x] >> 16) & 0xffU);
    rgb[kBytesPerPixel * x + 1] = static_cast<unsigned char>((row[x] >> 8) & 0xffU);
    rgb[kBytesPerPixel * x + 2] = static_cast<unsigned char>(row[x] & 0xffU);
  }
}

class Deflater {
public:
  Deflater()
  {
    if (deflateInit(&stream_, Z_DEFAULT_COMPRESSION) != Z_OK) {
      throw std::runtime_error("cannot start zlib");
    }
  }
  ~Deflater() { deflateEnd(&stream_); }
  Deflater(const Deflater&) = delete;
  Deflater& operator=(const Deflater&) = delete;

  void add(const unsigned char* data, std::size_t size, bool last)
  {
    stream_.next_in = const_cast<Bytef*>(data); // NOLINT: zlib's API is not const-correct
    stream_.avail_in = static_cast<uInt>(size);
    int status = Z_OK;
    do {
      stream_.next_out = buffer_.data();
      stream_.avail_out = static_cast<uInt>(buffer_.size());
      status = deflate(&stream_, last ? Z_FINISH : Z_NO_FLUSH);
      if (status == Z_STREAM_ERROR) {
        throw std::runtime_error("zlib failed to compress the image");
      }
      out_.append(reinterpret_cast<const char*>(buffer_.data()), buffer_.size() - stream_.avail_out); // NOLINT
    } while (stream_.avail_out == 0 || (last && status != Z_STREAM_END));
  }

  const std::string& compressed() const noexcept { return out_; }

private:
  z_stream stream_{};
  std::vector<unsigned char> buffer_ = std::vector<unsigned char>(std::size_t{1} << 16);
  std::string out_;
};

} // namespace

std::string encode_png(std::span<const std::uint32_t> pixels, std::size_t width, std::size_t height, std::size_t stride,
                       std::uint32_t dots_per_meter)
{
  constexpr std::size_t kLargestSide = 0x7fffffff; // PNG's limit
  if (width == 0 || height == 0 || width > kLargestSide || height > kLargestSide || stride < width ||
      pixels.size() < (height - 1) * stride + width) {
    throw std::invalid_argument("the image's size does not fit its pixels");
  }
  std::string header;
  append_u32(header, static_cast<std::uint32_t>(width));
  append_u32(header, static_cast<std::uint32_t>(height));
  header += std::string{'\x08', '\x02', '\x00', '\x00', '\x00'}; // 8 bits, RGB, deflate, filters, not interlaced

  // Each row: the filter type, then every byte minus the byte above it (the row above the first
  // is zeros, so the first row is itself).
  const std::size_t row_bytes = kBytesPerPixel * width;
  std::vector<unsigned char> above(row_bytes, 0);
  std::vector<unsigned char> current(row_bytes);
  std::vector<unsigned char> filtered(1 + row_bytes);
  filtered[0] = kFilterUp;
  Deflater deflater;
  for (std::size_t y = 0; y < height; ++y) {
    unpack_row(pixels.subspan(y * stride, width), current);
    for (std::size_t i = 0; i < row_bytes; ++i) {
      filtered[1 + i] = static_cast<unsigned char>(current[i] - above[i]);
    }
    deflater.add(filtered.data(), filtered.size(), y + 1 == height);
    above.swap(current);
  }

  std::string png(kSignature.begin(), kSignature.end());
  append_chunk(png, "IHDR", header);
  if (dots_per_meter > 0) {
    std::string physical;
    append_u32(physical, dots_per_meter);
    append_u32(physical, dots_per_meter);
    physical.push_back('\x01'); // the unit is the meter
    append_chunk(png, "pHYs", physical);
  }
  append_chunk(png, "IDAT", deflater.compressed());
  append_chunk(png, "IEND", {});
  return png;
}

} // namespace nne::ui
