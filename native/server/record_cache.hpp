// record_cache.hpp: the sessions and users a SQLite reader connection has read, kept until
// the next write. Every authenticated request reads its session, its user and the user's
// groups, and `authorize` reads the user it asks about: three to five queries a request that
// give the same rows until something is written. The store counts its committed write
// transactions (one process writes the file; see instance_lock.hpp) and empties the cache
// when the count moved, so a cached record is never older than a write acknowledged before
// the request began.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>

#include "store.hpp"

namespace pcu::server {

class RecordCache {
 public:
  // At most this many sessions and as many users a connection (a record is 1-2 KiB: with 16
  // worker threads, at most about 16 MiB in all). The cache is emptied by every write anyway.
  static constexpr std::size_t capacity = 256;

  // Empties the cache unless it was filled at this write generation.
  void validate(std::uint64_t generation) {
    if (generation == generation_) return;
    sessions_.clear();
    users_.clear();
    generation_ = generation;
  }

  const Store::SignedIn* session(const std::string& token_hash) const { return find(sessions_, token_hash); }
  void keep_session(const Store::SignedIn& s) { keep(sessions_, s.session.token_hash, s); }

  const UserRecord* user(const std::string& id) const { return find(users_, id); }
  void keep_user(const UserRecord& u) { keep(users_, u.directory.id, u); }

 private:
  template <typename Map>
  static const typename Map::mapped_type* find(const Map& map, const std::string& key) {
    const auto found = map.find(key);
    return found == map.end() ? nullptr : &found->second;
  }
  template <typename Map>
  static void keep(Map& map, const std::string& key, const typename Map::mapped_type& value) {
    if (map.size() >= capacity) map.clear();
    map.insert_or_assign(key, value);
  }

  std::uint64_t generation_ = 0;
  std::unordered_map<std::string, Store::SignedIn> sessions_;
  std::unordered_map<std::string, UserRecord> users_;
};

}  // namespace pcu::server
