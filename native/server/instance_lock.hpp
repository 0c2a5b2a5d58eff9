// instance_lock.hpp: one pcu-server process a SQLite database. SQLite serves one instance
// (several instances share PostgreSQL), and the store relies on it: its record cache learns
// of changes from its own writer, so a second process writing the same file would go unseen.
// The lock is an flock(2) on PATH-lock, released by the kernel when the process ends, however
// it ends.
#pragma once

#include <string>

namespace pcu::server {

class InstanceLock {
 public:
  // Takes the lock of the database at `database_path`, or throws std::runtime_error saying
  // that another process holds it.
  explicit InstanceLock(const std::string& database_path);
  ~InstanceLock();
  InstanceLock(const InstanceLock&) = delete;
  InstanceLock& operator=(const InstanceLock&) = delete;

 private:
  int fd_ = -1;
};

}  // namespace pcu::server
