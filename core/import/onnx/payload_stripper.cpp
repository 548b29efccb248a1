#include "core/import/onnx/payload_stripper.h"

#include "core/util/errors.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <fcntl.h>
#include <optional>
#include <sys/stat.h>
#include <unistd.h>
#include <utility>

namespace nne::onnx_import {

namespace {

constexpr std::uint64_t kLargestKeptPayload = 1024; // bytes

// The messages the walk descends into: those that can hold a TensorProto.
enum class Message { model, graph, node, attribute, tensor, sparse_tensor };

// Field numbers are those of onnx.proto (IR version 8).
std::optional<Message> child_message(Message parent, std::uint64_t field) noexcept
{
  switch (parent) {
  case Message::model:
    if (field == 7) {
      return Message::graph; // ModelProto.graph
    }
    break;
  case Message::graph:
    if (field == 1) {
      return Message::node; // GraphProto.node
    }
    if (field == 5) {
      return Message::tensor; // GraphProto.initializer
    }
    if (field == 15) {
      return Message::sparse_tensor; // GraphProto.sparse_initializer
    }
    break;
  case Message::node:
    if (field == 5) {
      return Message::attribute; // NodeProto.attribute
    }
    break;
  case Message::attribute:
    if (field == 5 || field == 10) {
      return Message::tensor; // AttributeProto.t, .tensors (a Constant node's value)
    }
    if (field == 6 || field == 11) {
      return Message::graph; // AttributeProto.g, .graphs (If, Loop, Scan bodies)
    }
    if (field == 22 || field == 23) {
      return Message::sparse_tensor; // AttributeProto.sparse_tensor, .sparse_tensors
    }
    break;
  case Message::sparse_tensor:
    if (field == 1 || field == 2) {
      return Message::tensor; // SparseTensorProto.values, .indices
    }
    break;
  case Message::tensor: break;
  }
  return std::nullopt;
}

// TensorProto's float_data, int32_data, int64_data, raw_data, double_data, uint64_data.
bool is_tensor_payload(Message message, std::uint64_t field) noexcept
{
  return message == Message::tensor &&
         (field == 4 || field == 5 || field == 7 || field == 9 || field == 10 || field == 11);
}

// Thrown by the walk when the bytes are not protobuf; the caller says which file.
struct NotProtobuf {
  std::string reason;
};

class MemorySource {
public:
  explicit MemorySource(std::string_view bytes) : bytes_(bytes) {}

  std::uint64_t size() const noexcept { return bytes_.size(); }
  std::uint64_t position() const noexcept { return position_; }
  std::uint8_t byte() { return static_cast<std::uint8_t>(bytes_[position_++]); }
  void copy(std::uint64_t count, std::string& out)
  {
    out.append(bytes_.substr(position_, count));
    position_ += count;
  }
  void skip(std::uint64_t count) noexcept { position_ += count; }

private:
  std::string_view bytes_;
  std::uint64_t position_ = 0;
};

// Reads a file through a small window, so that skipped payloads are never read from the disk.
class FileSource {
public:
  FileSource(int fd, std::uint64_t size, std::string origin) : fd_(fd), size_(size), origin_(std::move(origin)) {}

  std::uint64_t size() const noexcept { return size_; }
  std::uint64_t position() const noexcept { return position_; }
  std::uint8_t byte()
  {
    fill();
    return static_cast<std::uint8_t>(window_[position_++ - window_start_]);
  }
  void copy(std::uint64_t count, std::string& out)
  {
    while (count > 0) {
      fill();
      const std::uint64_t available = std::min(count, window_start_ + window_length_ - position_);
      out.append(window_.data() + (position_ - window_start_), available);
      position_ += available;
      count -= available;
    }
  }
  void skip(std::uint64_t count) noexcept { position_ += count; }

private:
  // Makes the window hold the byte at position_ (the walk checks positions against the size).
  void fill()
  {
    if (position_ >= window_start_ && position_ < window_start_ + window_length_) {
      return;
    }
    ssize_t got = 0;
    do {
      got = ::pread(fd_, window_.data(), window_.size(), static_cast<off_t>(position_));
    } while (got < 0 && errno == EINTR);
    if (got < 0) {
      throw InputError(origin_, "", std::string("cannot read file: ") + std::strerror(errno));
    }
    if (got == 0) {
      throw InputError(origin_, "", "cannot read file: it became shorter while it was read");
    }
    window_start_ = position_;
    window_length_ = static_cast<std::uint64_t>(got);
  }

  int fd_;
  std::uint64_t size_;
  std::string origin_;
  std::array<char, 16384> window_{};
  std::uint64_t window_start_ = 0;
  std::uint64_t window_length_ = 0;
  std::uint64_t position_ = 0;
};

void write_varint(std::uint64_t value, std::string& out)
{
  while (value >= 0x80) {
    out += static_cast<char>((value & 0x7F) | 0x80);
    value >>= 7;
  }
  out += static_cast<char>(value);
}

template <typename Source> class PayloadStripper {
public:
  explicit PayloadStripper(Source& source) : source_(source) {}

  std::string run()
  {
    std::string out;
    walk(Message::model, source_.size(), out, 0);
    return out;
  }

private:
  static constexpr int kMaxDepth = 64; // subgraphs nest; a deeper file is not a real model

  std::uint64_t varint(std::uint64_t end)
  {
    std::uint64_t value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (source_.position() >= end) {
        throw NotProtobuf{"a number runs past the end of its message"};
      }
      const std::uint8_t byte = source_.byte();
      value |= static_cast<std::uint64_t>(byte & 0x7F) << shift;
      if ((byte & 0x80) == 0) {
        return value;
      }
    }
    throw NotProtobuf{"a number is longer than 10 bytes"};
  }

  void copy_fixed(std::uint64_t count, std::uint64_t end, std::string& out)
  {
    if (end - source_.position() < count) {
      throw NotProtobuf{"a field runs past the end of its message"};
    }
    source_.copy(count, out);
  }

  void walk(Message message, std::uint64_t end, std::string& out, int depth)
  {
    if (depth > kMaxDepth) {
      throw NotProtobuf{"messages nest more than " + std::to_string(kMaxDepth) + " deep"};
    }
    while (source_.position() < end) {
      const std::uint64_t tag = varint(end);
      const std::uint64_t field = tag >> 3;
      if (field == 0) {
        throw NotProtobuf{"field number 0"};
      }
      switch (tag & 7) {
      case 0: // varint
        write_varint(tag, out);
        write_varint(varint(end), out);
        break;
      case 1: // fixed 64 bits
        write_varint(tag, out);
        copy_fixed(8, end, out);
        break;
      case 5: // fixed 32 bits
        write_varint(tag, out);
        copy_fixed(4, end, out);
        break;
      case 2: { // length-delimited: a string, bytes, a packed array or a message
        const std::uint64_t length = varint(end);
        if (end - source_.position() < length) {
          throw NotProtobuf{"a field runs past the end of its message"};
        }
        if (const std::optional<Message> child = child_message(message, field)) {
          std::string inner;
          walk(*child, source_.position() + length, inner, depth + 1);
          write_varint(tag, out);
          write_varint(inner.size(), out);
          out += inner;
        } else if (is_tensor_payload(message, field) && length > kLargestKeptPayload) {
          source_.skip(length); // the dims say how large it was
        } else {
          write_varint(tag, out);
          write_varint(length, out);
          source_.copy(length, out);
        }
        break;
      }
      default: throw NotProtobuf{"wire type " + std::to_string(tag & 7) + ", which ONNX does not use"};
      }
    }
    if (source_.position() != end) {
      throw NotProtobuf{"a message runs past its end"};
    }
  }

  Source& source_;
};

// An open file, closed when it goes out of scope: also when reading it throws.
class FileDescriptor {
public:
  explicit FileDescriptor(int fd) noexcept : fd_(fd) {}
  ~FileDescriptor()
  {
    if (fd_ >= 0) {
      ::close(fd_);
    }
  }
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;

  int get() const noexcept { return fd_; }
  bool is_open() const noexcept { return fd_ >= 0; }

private:
  int fd_;
};

template <typename Source> std::string strip_from(Source& source, const std::string& origin)
{
  try {
    return PayloadStripper<Source>(source).run();
  } catch (const NotProtobuf& error) {
    throw_not_onnx(origin, "the file is not a serialized ONNX ModelProto: " + error.reason);
  }
}

} // namespace

[[noreturn]] void throw_not_onnx(const std::string& origin, const std::string& why)
{
  throw InputError(origin, "", "not an ONNX model (" + why + ")");
}

std::string strip_payloads(std::string_view bytes, const std::string& origin)
{
  MemorySource source(bytes);
  return strip_from(source, origin);
}

std::string strip_payloads_from_file(const std::filesystem::path& path)
{
  const std::string origin = path.string();
  const FileDescriptor file(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!file.is_open()) {
    throw InputError(origin, "", std::string("cannot open file: ") + std::strerror(errno));
  }
  struct stat status {};
  if (::fstat(file.get(), &status) != 0) {
    throw InputError(origin, "", std::string("cannot read file: ") + std::strerror(errno));
  }
  if (!S_ISREG(status.st_mode)) {
    throw InputError(origin, "", "not a regular file");
  }
  FileSource source(file.get(), static_cast<std::uint64_t>(status.st_size), origin);
  return strip_from(source, origin);
}

} // namespace nne::onnx_import
