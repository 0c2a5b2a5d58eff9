// tests/core/actors.hpp: the actors and accesses the core tests decide for, built once.
#pragma once

#include <initializer_list>
#include <utility>
#include <vector>

#include "pcu/pcu.hpp"

namespace pcu_test {

inline pcu::Access with_roles(std::initializer_list<pcu::Role> roles) {
  pcu::Access a;
  a.roles = pcu::roles_of(roles);
  return a;
}

// A member user u1 of tenant t1.
inline pcu::Actor user(pcu::Access access, bool global_admin = false) {
  pcu::Actor a;
  a.kind = pcu::ActorKind::user;
  a.id = "u1";
  a.tenant = "t1";
  a.global_admin = global_admin;
  a.access = std::move(access);
  return a;
}

// The same user, also in these groups.
inline pcu::Actor user(pcu::Access access, std::vector<pcu::GroupAccess> groups) {
  pcu::Actor a = user(std::move(access));
  a.groups = std::move(groups);
  return a;
}

// The owner o1, whose own tenant is t1.
inline pcu::Actor owner() {
  pcu::Actor a;
  a.kind = pcu::ActorKind::owner;
  a.id = "o1";
  a.tenant = "t1";
  return a;
}

}  // namespace pcu_test
