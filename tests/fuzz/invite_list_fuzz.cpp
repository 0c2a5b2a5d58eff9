// libFuzzer target for pcu/email.hpp: parse_invite_list and check_email on any bytes must
// keep their invariants (R-UM7). A broken invariant traps, so the fuzzer keeps the input.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "email_invariants.hpp"
#include "pcu/email.hpp"
#include "pcu/limits.hpp"

namespace {

using pcu_fuzz::require;

void check_list(std::string_view text) {
  const pcu::InviteList list = pcu::parse_invite_list(text);
  require(list.ok() == (list.problems.empty() && !list.addresses.empty()));
  require(list.addresses.size() <= pcu::limits::max_invites);

  // Every item yields exactly one address or one problem, so the positions of both,
  // together, are 1..n with none missing or repeated; list-wide problems have position 0.
  std::vector<int> seen;
  const auto mark = [&](std::size_t position) {
    require(position >= 1 && position <= text.size());
    if (seen.size() < position) seen.resize(position, 0);
    ++seen[position - 1];
  };
  std::size_t last = 0;
  for (const pcu::InviteAddress& a : list.addresses) {
    const pcu::EmailCheck check = pcu::check_email(a.address);
    require(check.ok && check.normalized == a.address);
    require(a.position > last && a.position <= pcu::limits::max_invites);
    last = a.position;
    require(a.display_name.size() <= 4 * pcu::limits::display_name_max);
    for (const pcu::InviteAddress& b : list.addresses) require(&a == &b || a.address != b.address);
    mark(a.position);
  }
  for (const pcu::Problem& p : list.problems) {
    require(p.field == "text" && !p.code.empty() && !p.message.empty());
    if (p.position == 0) {
      require(list.problems.size() == 1 && list.addresses.empty() && p.item.empty());
      require(p.code == "invite_text_too_long" || p.code == "invite_list_empty");
      return;
    }
    require(!p.item.empty() && p.item.size() <= text.size());
    require((p.code == "invite_limit_exceeded") == (p.position > pcu::limits::max_invites));
    mark(p.position);
  }
  for (int count : seen) require(count == 1);
  require(!seen.empty());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  pcu_fuzz::check_one_address(text);
  check_list(text);
  return 0;
}
