// router.hpp: hash routes ("#/users", "#/users/42"), so the back button and links work.
// The page's hashchange listener tells the router (index.html → pcu_route_changed).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace router {

enum class Page {
  home, sign_in, users, add_users, temporary_password, edit_user, history, groups, audit,
  accept_invitation, change_password, recover_password, not_found
};

struct Route {
  Page page = Page::sign_in;
  std::string param;  // the user id, the invitation token, the add-users way
  std::string hash;   // as in the address bar, "#/users/42"
};

Route parse(std::string_view hash);
const Route& current();
// Increases whenever the route changes: pages reset their state when it moved.
std::uint64_t generation();
// Whether the latest change went from a route of the current page to another route of the
// same page (Add users: from one way to another), not from elsewhere and not a reload.
bool moved_within_page();
// Goes to a route by setting location.hash; hashchange brings it back to `changed`.
void navigate(std::string_view hash);
// Takes the route now, without waiting for hashchange (first frame, refusals).
void changed(std::string_view hash);
// Draws the same route afresh: pages read their data again (the acting tenant changed).
void reload();
// Whether a page can be shown without signing in.
bool is_public(Page page);

}  // namespace router
