// sqlite_wal_batch.hpp: a SQLite VFS that writes each commit's WAL frames in a few large
// writes instead of two system calls a page. Internal to the server's SQLite store.
//
// SQLite writes every WAL frame as two writes (its 24-byte header, then the page), about 120
// system calls for a ten-address invitation. This VFS is the default unix VFS with the appends
// to a WAL file held in memory until the commit's last frame is written, then written in
// chunks of at most 124 KiB; an error of that write reaches SQLite like any other, so the
// commit fails, and what was held is dropped. Writes elsewhere in the WAL (frames rewritten
// within a transaction, checksums rewritten after a commit) go straight through, and any other
// use of the file (a read, sync, truncate, size) first writes what is held: no reader,
// checkpoint or recovery sees a frame that is not in the file yet. The database file's
// shared-memory barrier, passed before readers can see a commit, is a safety net behind that.
#pragma once

namespace pcu::server {

// Registers the VFS once (not as the default) and returns its name for sqlite3_open_v2.
const char* wal_batch_vfs();

}  // namespace pcu::server
