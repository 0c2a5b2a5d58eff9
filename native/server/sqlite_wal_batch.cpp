// sqlite_wal_batch.cpp: see sqlite_wal_batch.hpp.
#include "sqlite_wal_batch.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>

namespace pcu::server {

namespace {

constexpr int frame_header_bytes = 24;  // the WAL file format's frame header
constexpr int wal_header_bytes = 32;    // and its file header
constexpr sqlite3_int64 capacity = 4 << 20;  // more than this a commit writes as it comes
constexpr sqlite3_int64 chunk = 124 << 10;   // the unix VFS writes at most 128 KiB - 1 a call

sqlite3_vfs* real_vfs = nullptr;

// A WAL file of this VFS; the real file's state follows it in the same allocation.
struct WalFile {
  sqlite3_file base;
  sqlite3_file* real;
  sqlite3_file* db;      // the connection's database file, whose barrier writes what is held;
                         // null: writes go straight through
  char* buffer;          // capacity bytes, allocated at the first write
  sqlite3_int64 start;   // the file offset of buffer[0]
  sqlite3_int64 length;  // bytes held
  sqlite3_int64 end;     // the furthest byte written since SQLite last started the WAL again
  bool commit_frame;     // the last bytes held are a commit frame's header: its page ends the commit
};

constexpr std::size_t aligned(std::size_t n) { return (n + alignof(std::max_align_t) - 1) & ~(alignof(std::max_align_t) - 1); }
// A database file is the real file followed by a pointer to the connection's WAL file.
std::size_t db_slot_offset() { return aligned(static_cast<std::size_t>(real_vfs->szOsFile)); }
WalFile*& wal_of(sqlite3_file* db) { return *reinterpret_cast<WalFile**>(reinterpret_cast<char*>(db) + db_slot_offset()); }

// Writes what is held. On an error what is held is dropped: SQLite has the error (the commit
// fails and is rolled back), and bytes kept for a later try could put a failed transaction in
// the file after all.
int flush(WalFile* f) {
  int rc = SQLITE_OK;
  for (sqlite3_int64 done = 0; done < f->length && rc == SQLITE_OK; done += chunk)
    rc = f->real->pMethods->xWrite(f->real, f->buffer + done, static_cast<int>(std::min(chunk, f->length - done)),
                                   f->start + done);
  f->length = 0;
  f->commit_frame = false;
  return rc;
}

WalFile* wal(sqlite3_file* f) { return reinterpret_cast<WalFile*>(f); }
sqlite3_file* real(sqlite3_file* f) { return wal(f)->real; }

int wal_close(sqlite3_file* f) {
  const int flushed = flush(wal(f));
  if (wal(f)->db && wal_of(wal(f)->db) == wal(f)) wal_of(wal(f)->db) = nullptr;
  const int rc = real(f)->pMethods->xClose(real(f));
  std::free(wal(f)->buffer);
  return flushed != SQLITE_OK ? flushed : rc;
}

// Holds appends only: a commit's frames go to the WAL's end, one after the other, and its last
// one (the commit frame) writes them all, so its error reaches SQLite before the commit counts.
// A write anywhere else (a frame rewritten within a transaction, checksums rewritten after its
// commit frame) first writes what is held and then goes straight through, its error too.
int wal_write(sqlite3_file* file, const void* data, int n, sqlite3_int64 at) {
  WalFile* f = wal(file);
  if (!f->db) return real(file)->pMethods->xWrite(real(file), data, n, at);
  if (at == 0) f->end = 0;  // the WAL header: SQLite starts the WAL again from its beginning
  const bool append = f->length > 0 ? at == f->start + f->length : at >= f->end;
  f->end = std::max(f->end, at + n);
  if (!append || f->length + n > capacity ||
      (!f->buffer && !(f->buffer = static_cast<char*>(std::malloc(capacity))))) {
    if (const int rc = flush(f); rc != SQLITE_OK) return rc;
    return real(file)->pMethods->xWrite(real(file), data, n, at);
  }
  if (f->length == 0) f->start = at;
  std::memcpy(f->buffer + f->length, data, static_cast<std::size_t>(n));
  f->length += n;
  if (f->commit_frame) return flush(f);  // the commit frame's page: the transaction is whole
  // A frame header's bytes 4-7 hold the database size after a commit, zero in other frames.
  const auto* bytes = static_cast<const unsigned char*>(data);
  f->commit_frame = n == frame_header_bytes && at >= wal_header_bytes && (bytes[4] | bytes[5] | bytes[6] | bytes[7]);
  return SQLITE_OK;
}

// Every other use of the file first writes what is held, so it sees what was written so far.
template <auto method, typename... Args>
int after_flush(sqlite3_file* f, Args... args) {
  if (const int rc = flush(wal(f)); rc != SQLITE_OK) return rc;
  return (real(f)->pMethods->*method)(real(f), args...);
}
// Locks and the device's properties are the real file's.
template <auto method, typename... Args>
int forward(sqlite3_file* f, Args... args) {
  return (real(f)->pMethods->*method)(real(f), args...);
}

using M = sqlite3_io_methods;
const sqlite3_io_methods wal_methods = {1,
                                        wal_close,
                                        after_flush<&M::xRead>,
                                        wal_write,
                                        after_flush<&M::xTruncate>,
                                        after_flush<&M::xSync>,
                                        after_flush<&M::xFileSize>,
                                        forward<&M::xLock>,
                                        forward<&M::xUnlock>,
                                        forward<&M::xCheckReservedLock>,
                                        after_flush<&M::xFileControl>,
                                        forward<&M::xSectorSize>,
                                        forward<&M::xDeviceCharacteristics>,
                                        nullptr,
                                        nullptr,
                                        nullptr,
                                        nullptr,
                                        nullptr,
                                        nullptr};

// A database file keeps the real methods but for xShmBarrier, which SQLite passes between
// writing the two copies of the WAL index header that publish a commit (and when a read
// starts). Nothing is held by then (see wal_write); should a future SQLite write otherwise,
// what is held is written here, and if that fails the process stops rather than publish a
// commit whose frames are not in the file (recovery then drops the unfinished commit).
sqlite3_io_methods db_methods;
const sqlite3_io_methods* real_db_methods = nullptr;
void db_shm_barrier(sqlite3_file* db) {
  if (WalFile* w = wal_of(db); w && w->length > 0 && flush(w) != SQLITE_OK) {
    std::fputs("pcu-server: a WAL write failed as SQLite was publishing a commit; stopping\n", stderr);
    std::abort();
  }
  real_db_methods->xShmBarrier(db);
}

int open_file(sqlite3_vfs*, sqlite3_filename name, sqlite3_file* file, int flags, int* out_flags) {
  if (!(flags & SQLITE_OPEN_WAL)) {
    const int rc = real_vfs->xOpen(real_vfs, name, file, flags, out_flags);
    if (rc != SQLITE_OK || !(flags & SQLITE_OPEN_MAIN_DB)) return rc;
    wal_of(file) = nullptr;
    static std::once_flag once;
    std::call_once(once, [&] {
      if (file->pMethods->iVersion < 2) return;
      real_db_methods = file->pMethods;
      db_methods = *file->pMethods;
      db_methods.xShmBarrier = db_shm_barrier;
    });
    if (file->pMethods == real_db_methods) file->pMethods = &db_methods;
    return rc;
  }
  auto* f = reinterpret_cast<WalFile*>(file);
  *f = WalFile{};
  f->real = reinterpret_cast<sqlite3_file*>(reinterpret_cast<char*>(f) + aligned(sizeof(WalFile)));
  const int rc = real_vfs->xOpen(real_vfs, name, f->real, flags, out_flags);
  if (rc != SQLITE_OK) {
    f->base.pMethods = nullptr;
    return rc;
  }
  f->base.pMethods = &wal_methods;
  // Held writes need the database file's barrier; without it (another kind of file), every
  // write goes straight through.
  sqlite3_file* db = sqlite3_database_file_object(name);
  if (db && db->pMethods == &db_methods) {
    f->db = db;
    wal_of(db) = f;
  }
  return SQLITE_OK;
}

}  // namespace

const char* wal_batch_vfs() {
  static const char* name = [] {
    static sqlite3_vfs vfs;
    real_vfs = sqlite3_vfs_find(nullptr);
    vfs = *real_vfs;
    vfs.zName = "pcu-wal-batch";
    vfs.szOsFile = static_cast<int>(std::max(db_slot_offset() + sizeof(WalFile*),
                                             aligned(sizeof(WalFile)) + static_cast<std::size_t>(real_vfs->szOsFile)));
    vfs.xOpen = open_file;
    vfs.pNext = nullptr;
    sqlite3_vfs_register(&vfs, 0);
    return vfs.zName;
  }();
  return name;
}

}  // namespace pcu::server
