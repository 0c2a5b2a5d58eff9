#include "router.hpp"

#include <vector>

#include "browser.hpp"

namespace router {
namespace {

Route now;
std::uint64_t counter = 0;
bool within_page = false;  // see moved_within_page()

std::vector<std::string_view> segments(std::string_view path) {
  std::vector<std::string_view> out;
  while (!path.empty()) {
    const auto slash = path.find('/');
    const auto part = path.substr(0, slash);
    if (!part.empty()) out.push_back(part);
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return out;
}

}  // namespace

Route parse(std::string_view hash) {
  Route r;
  r.hash = hash;
  if (hash.starts_with('#')) hash.remove_prefix(1);
  const auto query = hash.find('?');
  const auto parts = segments(hash.substr(0, query));
  const auto n = parts.size();
  const auto at = [&](std::size_t i) { return i < n ? parts[i] : std::string_view{}; };
  if (n == 0) r.page = Page::home;
  else if (at(0) == "sign-in") r.page = Page::sign_in;
  else if (at(0) == "users" && n == 1) r.page = Page::users;
  else if (at(0) == "users" && at(1) == "add") {
    r.page = Page::add_users;
    r.param = n > 2 ? at(2) : "existing";
  } else if (at(0) == "users" && at(1) == "created" && n == 2) r.page = Page::temporary_password;
  else if (at(0) == "users" && n == 2) {
    r.page = Page::edit_user;
    r.param = at(1);
  } else if (at(0) == "users" && n == 3 && at(2) == "history") {
    r.page = Page::history;
    r.param = at(1);
  } else if (at(0) == "groups" && n == 1) r.page = Page::groups;
  else if (at(0) == "audit" && n == 1) r.page = Page::audit;
  else if (at(0) == "accept" && n == 2) {
    r.page = Page::accept_invitation;
    r.param = at(1);
  } else if (at(0) == "password" && n == 1) r.page = Page::change_password;
  else if (at(0) == "recover" && n <= 2) {
    r.page = Page::recover_password;
    r.param = at(1);
  }
  else r.page = Page::not_found;
  return r;
}

const Route& current() { return now; }
std::uint64_t generation() { return counter; }
bool moved_within_page() { return within_page; }

void navigate(std::string_view hash) {
  if (hash == now.hash) return;
  browser::set_location_hash(hash);
  changed(hash);
}

void changed(std::string_view hash) {
  if (hash == now.hash && counter != 0) return;
  Route next = parse(hash);
  within_page = counter != 0 && next.page == now.page;
  now = std::move(next);
  ++counter;
}

void reload() {
  within_page = false;
  ++counter;
}

bool is_public(Page page) {
  return page == Page::sign_in || page == Page::accept_invitation || page == Page::recover_password;
}

}  // namespace router
