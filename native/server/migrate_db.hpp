// migrate_db.hpp: `pcu-server migrate-db --from sqlite:PATH --to postgres://...`: copies every
// table of a SQLite database (the whole account) into an empty PostgreSQL database in one
// transaction, then compares the row count of every table on both sides and prints them.
#pragma once

#include <string>

namespace pcu::server {

// Returns the process exit status (0: copied and the counts agree); throws on failure.
int migrate_database(const std::string& from, const std::string& to);

}  // namespace pcu::server
