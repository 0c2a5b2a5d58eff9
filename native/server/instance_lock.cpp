#include "instance_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace pcu::server {

InstanceLock::InstanceLock(const std::string& database_path) {
  const std::string path = database_path + "-lock";
  fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd_ < 0) throw std::runtime_error("cannot open " + path + ": " + std::strerror(errno));
  if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    const int error = errno;
    ::close(fd_);
    fd_ = -1;
    if (error == EWOULDBLOCK)
      throw std::runtime_error(database_path +
                               " is in use by another pcu-server process: a SQLite database serves one "
                               "instance (use PostgreSQL for several)");
    throw std::runtime_error("cannot lock " + path + ": " + std::strerror(error));
  }
}

InstanceLock::~InstanceLock() {
  if (fd_ >= 0) ::close(fd_);
}

}  // namespace pcu::server
