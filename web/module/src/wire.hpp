// web/module/src/wire.hpp: a compact byte form for the two calls a UI makes on every
// keystroke or row: decide() in, parse_invite_list() out. JSON through nlohmann costs about
// 40 us for one decision request in WebAssembly; this form costs well under 1 us. The ESM
// wrapper (js/api.js) writes it only for inputs that read() would accept unchanged and uses
// the JSON functions for everything else, so both give the same answer.
//
// Sections: reader · decision request · invite list answer
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <pcu/pcu.hpp>

namespace pcu::wire {

// ---- reader ---------------------------------------------------------------------------

// Reads little-endian numbers and length-prefixed strings; any overrun or out-of-range
// value clears `ok`, and the caller answers through the JSON path instead.
struct Reader {
  const unsigned char* at;
  const unsigned char* end;
  bool ok = true;

  unsigned u8() {
    if (at >= end) return ok = false, 0U;
    return *at++;
  }
  unsigned u16() {
    const unsigned low = u8();
    return low | (u8() << 8U);
  }
  void string(std::string& out) {
    const std::size_t length = u16();
    if (static_cast<std::size_t>(end - at) < length) return void(ok = false);
    const std::string_view s(reinterpret_cast<const char*>(at), length);
    if (out != s) out.assign(s);  // a request reused call after call mostly names the same ids
    at += length;
  }
  template <typename Enum>
  void name_index(Enum& out, std::size_t count) {
    const unsigned i = u8();
    if (i >= count) return void(ok = false);
    out = static_cast<Enum>(i);
  }
  // Levels given as (index, level) pairs; the others are "none".
  template <std::size_t N>
  void levels(std::array<Level, N>& out) {
    out.fill(Level::none);
    for (unsigned count = u8(); count > 0 && ok; --count) {
      const unsigned i = u8();
      if (i >= N) return void(ok = false);
      name_index(out[i], level_count);
    }
  }
};

// ---- decision request -----------------------------------------------------------------
//
// request := actor, check            (decide)
// batch   := actor, check * count    (decideMany: one actor, many checks)
// actor   := person, u8 global_admin, u16 groups, { str id, access } * groups
// check   := u8 action, str tenant, str product, u8 has_target, [person target]
// person  := u8 kind, str id, str tenant, u8 type, access
// access  := u8 role bits, levels, u16 rows, { str key, levels } * rows
// levels  := u8 count, { u8 area or permission, u8 level } * count (the others are none)
// str     := u16 length, bytes

inline void read_access(Reader& r, Access& out) {
  out.roles.bits = static_cast<std::uint8_t>(r.u8());
  if (out.roles.bits >> role_count) r.ok = false;
  r.levels(out.account);
  out.products.resize(r.u16());
  for (auto& row : out.products) {
    r.string(row.key);
    r.levels(row.levels);
  }
}

template <typename Person>
void read_person(Reader& r, Person& out) {
  r.name_index(out.kind, actor_kind_names.size());
  r.string(out.id);
  r.string(out.tenant);
  r.name_index(out.type, user_type_names.size());
  read_access(r, out.access);
}

// The actor part, filled in place, so a request reused call after call keeps its allocations.
inline void read_actor(Reader& r, Actor& out) {
  read_person(r, out);
  out.global_admin = r.u8() != 0;
  out.groups.resize(r.u16());
  for (auto& group : out.groups) {
    r.string(group.id);
    read_access(r, group.access);
  }
}

// Everything of a request but the actor.
inline void read_check(Reader& r, DecisionRequest& out) {
  r.name_index(out.action, action_count);
  r.string(out.tenant);
  r.string(out.product);
  if (r.u8()) {
    if (!out.target) out.target.emplace();
    read_person(r, *out.target);
  } else {
    out.target.reset();
  }
}

inline Reader reader_of(std::string_view bytes) {
  return {reinterpret_cast<const unsigned char*>(bytes.data()),
          reinterpret_cast<const unsigned char*>(bytes.data() + bytes.size())};
}

inline bool read_request(std::string_view bytes, DecisionRequest& out) {
  Reader r = reader_of(bytes);
  read_actor(r, out.actor);
  read_check(r, out);
  return r.ok && r.at == r.end;
}

// ---- invite list answer ---------------------------------------------------------------
//
// answer  := u32 ok, u32 addresses, u32 problems, str32 address * addresses,
//            { str32 field, str32 item, u32 position, str32 code, str32 message } * problems
// str32   := u32 length, bytes

inline void put_u32(std::string& out, std::size_t v) {
  const char bytes[4] = {static_cast<char>(v & 0xFFU), static_cast<char>((v >> 8U) & 0xFFU),
                         static_cast<char>((v >> 16U) & 0xFFU), static_cast<char>((v >> 24U) & 0xFFU)};
  out.append(bytes, 4);
}
inline void put_string(std::string& out, std::string_view s) {
  put_u32(out, s.size());
  out.append(s);
}

// Writes what invite_list_to_json() says, in the byte form above.
inline void write_invite_list(const InviteList& list, std::string& out) {
  out.clear();
  put_u32(out, list.problems.empty() && !list.addresses.empty());
  put_u32(out, list.addresses.size());
  put_u32(out, list.problems.size());
  for (const auto& a : list.addresses) put_string(out, a.address);
  for (const auto& p : list.problems) {
    put_string(out, p.field);
    put_string(out, p.item);
    put_u32(out, p.position);
    put_string(out, p.code);
    put_string(out, p.message);
  }
}

}  // namespace pcu::wire
