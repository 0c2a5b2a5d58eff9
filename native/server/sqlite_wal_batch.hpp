// sqlite_wal_batch.hpp: a SQLite VFS that writes each commit's WAL frames in a few large
// writes instead of two system calls a page. Internal to the server's SQLite store.
//
// SQLite writes every WAL frame as two writes (its 24-byte header, then the page), about 120
// system calls for a ten-address invitation. This VFS is the default unix VFS with the WAL
// file's appends held in memory until the commit's last frame is written, then written in
// chunks of at most 124 KiB; errors reach SQLite from that write like any other. Anything
// else done to the WAL file (a read, sync, truncate, size, a write elsewhere) first writes
// what is held, and so does the database file's shared-memory barrier, which SQLite passes
// before readers can see a commit: no reader, checkpoint or recovery sees a frame that is not
// in the file yet.
#pragma once

namespace pcu::server {

// Registers the VFS once (not as the default) and returns its name for sqlite3_open_v2.
const char* wal_batch_vfs();

}  // namespace pcu::server
