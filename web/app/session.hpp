// session.hpp: who is signed in, and what the console may offer them. The server's "who am
// I" answer carries the effective permissions and the global-administrator flag; the console
// hides what R-A3/R-A4 would refuse, and the server decides again anyway.
#pragma once

#include <array>
#include <string>

#include "api_client.hpp"
#include "pcu/model.hpp"

namespace session {

enum class State { unknown, checking, signed_out, signed_in };

struct Me {
  std::string id;
  std::string first_name, last_name, username;
  std::string tenant;  // the acting tenant
  bool owner = false;
  bool global_admin = false;
  bool must_change_password = false;
  pcu::UserType type = pcu::UserType::member;
  pcu::RoleSet roles;             // effective (own and groups')
  pcu::AccountLevels account{};   // effective account-level permissions
  std::array<bool, pcu::action_count> allowed{};  // the server's "allowed_actions" (core decide())
  std::string display_name() const;
};

State state();
const Me& me();
api::Call& call();

// Asks the server who is signed in.
void check();
// Takes a session answer (sign-in, who am I, accept invitation).
void take(const api::json& answer);
// Forgets the session locally (after sign-out or a 401).
void forget();

// Whether the server said the signed-in person may do `action` in the acting tenant.
bool may(pcu::Action action);
bool can_view_users();        // R-A3 read: list_users
// The server decides actions about one user with that user in view; the console offers them
// by the nearest action it can decide without one.
bool can_change_users();      // R-A3 read/write (add existing): edit access, remove
bool can_change_directory();  // R-A4 as well (create user): profile, groups, reset, invitations
bool can_view_audit();  // R-UM17: owner and Managers

}  // namespace session
