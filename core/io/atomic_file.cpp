#include "core/io/atomic_file.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <stdexcept>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

namespace nne {

void write_file_atomically(const std::filesystem::path& path, std::string_view contents)
{
  const std::filesystem::path directory = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
  std::string temp = (directory / ("." + path.filename().string() + ".XXXXXX")).string();
  const int fd = ::mkstemp(temp.data());
  const auto failure = [&](const std::string& what) {
    return std::runtime_error("cannot save " + path.string() + ": " + what + ": " + std::strerror(errno));
  };
  if (fd < 0) {
    throw failure("cannot create a temporary file in " + directory.string());
  }
  const auto abandon = [&](const std::string& what) {
    const std::runtime_error error = failure(what);
    ::close(fd);
    ::unlink(temp.c_str());
    throw error;
  };
  std::size_t written = 0;
  while (written < contents.size()) {
    const ssize_t n = ::write(fd, contents.data() + written, contents.size() - written);
    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      abandon("write failed");
    }
    written += static_cast<std::size_t>(n);
  }
  // Keep the permissions of the file being replaced; a new file gets the usual 0644 less umask.
  struct stat existing {};
  const mode_t umask_value = ::umask(0);
  ::umask(umask_value);
  const mode_t mode = ::stat(path.c_str(), &existing) == 0 ? (existing.st_mode & 07777) : (0666 & ~umask_value);
  if (::fchmod(fd, mode) != 0) {
    abandon("cannot set permissions");
  }
  if (::fsync(fd) != 0) {
    abandon("cannot flush to disk");
  }
  if (::close(fd) != 0) {
    ::unlink(temp.c_str());
    throw failure("cannot close the temporary file");
  }
  if (std::rename(temp.c_str(), path.c_str()) != 0) {
    const std::runtime_error error = failure("cannot replace the file");
    ::unlink(temp.c_str());
    throw error;
  }
}

} // namespace nne
