// pcu/json.hpp: public and stable. The wire format of every type (RULES.md "Identifiers").
// read() decodes without throwing: a malformed document becomes problems with field paths.
// to_json()/from_json() let nlohmann convert the types; from_json throws DecodeError, so use
// read() or decode() where input is not trusted.
//
// Sections: parsing · the reader · Access · actors and decisions · tenant facts · requests
//           · to_json of answers · decode() · nlohmann adapters
#pragma once

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <initializer_list>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "access.hpp"
#include "email.hpp"
#include "limits.hpp"
#include "model.hpp"
#include "validate.hpp"

namespace pcu {

using json = nlohmann::json;

// ---- parsing --------------------------------------------------------------------------

inline constexpr std::size_t json_max_depth = 32;

// Parses a document no larger than `max` bytes (limits::json_max; limits::tenant_json_max for
// one that holds a tenant snapshot) and nested at most json_max_depth deep.
inline std::optional<json> parse_json(std::string_view text, Problems& problems,
                                      std::size_t max = limits::json_max) {
  if (text.size() > max) {
    problems.push_back({"", "", 0, "document_too_large",
                        "The document is larger than " + std::to_string(max) + " bytes."});
    return std::nullopt;
  }
  std::size_t depth = 0;
  bool in_string = false, escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') in_string = false;
    } else if (c == '"') in_string = true;
    else if (c == '[' || c == '{') {
      if (++depth > json_max_depth) {
        problems.push_back({"", "", 0, "document_too_deep", "The document is nested too deeply."});
        return std::nullopt;
      }
    } else if ((c == ']' || c == '}') && depth > 0) --depth;
  }
  json j = json::parse(text.begin(), text.end(), nullptr, false);
  if (j.is_discarded()) {
    problems.push_back({"", "", 0, "invalid_json", "The document is not valid JSON."});
    return std::nullopt;
  }
  return j;
}

// ---- the reader -----------------------------------------------------------------------

namespace detail {

inline std::string join_path(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}
inline std::string index_path(const std::string& path, std::size_t i) {
  return path + "[" + std::to_string(i) + "]";
}

// Collects problems while walking one document; every check names the field it is about.
struct Reader {
  Problems& problems;

  void fail(const std::string& field, std::string_view code, std::string message, std::string_view item = {},
            std::size_t position = 0) {
    problems.push_back({field, std::string(item), position, std::string(code), std::move(message)});
  }
  const char* type_name(const json& j) { return j.type_name(); }

  // An object whose members are all among `allowed`; an unknown member is a problem.
  bool object(const json& j, const std::string& path, std::initializer_list<std::string_view> allowed) {
    if (!j.is_object()) {
      fail(path, "wrong_type", "Expected an object, found " + std::string(type_name(j)) + ".");
      return false;
    }
    for (const auto& [key, value] : j.items()) {
      bool known = false;
      for (auto a : allowed) known = known || a == key;
      if (!known) fail(join_path(path, key), "unknown_field", "Unknown field \"" + key + "\".", key);
    }
    return true;
  }
  const json* member(const json& j, std::string_view key, const std::string& path, bool required) {
    auto it = j.find(key);
    if (it != j.end()) return &*it;
    if (required)
      fail(join_path(path, key), "missing_field", "The field \"" + std::string(key) + "\" is required.");
    return nullptr;
  }
  bool string(const json& j, const std::string& path, std::string& out, std::size_t max) {
    if (!j.is_string()) {
      fail(path, "wrong_type", "Expected a string, found " + std::string(type_name(j)) + ".");
      return false;
    }
    const auto& s = j.get_ref<const std::string&>();
    if (s.size() > max) {
      fail(path, "too_long", "At most " + std::to_string(max) + " bytes.");
      return false;
    }
    out = s;
    return true;
  }
  bool boolean(const json& j, const std::string& path, bool& out) {
    if (!j.is_boolean()) {
      fail(path, "wrong_type", "Expected true or false, found " + std::string(type_name(j)) + ".");
      return false;
    }
    out = j.get<bool>();
    return true;
  }
  bool strings(const json& j, const std::string& path, std::vector<std::string>& out, std::size_t max_items,
               std::size_t max_length) {
    if (!j.is_array()) {
      fail(path, "wrong_type", "Expected an array of strings, found " + std::string(type_name(j)) + ".");
      return false;
    }
    if (j.size() > max_items) {
      fail(path, "too_many_items", "At most " + std::to_string(max_items) + " items.");
      return false;
    }
    out.clear();
    bool ok = true;
    for (std::size_t i = 0; i < j.size(); ++i) {
      std::string s;
      if (string(j[i], index_path(path, i), s, max_length)) out.push_back(std::move(s));
      else ok = false;
    }
    return ok;
  }
  // An enum by wire name; `what` names the kind of identifier in the message.
  template <typename Enum, std::size_t N>
  bool name(const json& j, const std::string& path, const std::array<std::string_view, N>& names, Enum& out,
            std::string_view code, std::string_view what) {
    std::string s;
    if (!string(j, path, s, 64)) return false;
    if (auto v = enum_from_name<Enum>(names, s)) {
      out = *v;
      return true;
    }
    fail(path, code, "\"" + s + "\" is not a known " + std::string(what) + ".", s);
    return false;
  }
  // A permission level; "mixed" is shown by the console but can never be chosen (R-RP7).
  bool level(const json& j, const std::string& path, Level& out) {
    if (j.is_string() && j.get_ref<const std::string&>() == "mixed") {
      fail(path, "mixed_not_choosable", "Mixed is shown when product rows differ; it cannot be chosen.", "mixed");
      return false;
    }
    return name(j, path, level_names, out, "unknown_level", "level (none, read, read_write)");
  }
};

}  // namespace detail

// ---- Access ---------------------------------------------------------------------------

inline bool read(const json& j, Access& out, Problems& problems, const std::string& path = "access") {
  detail::Reader r{problems};
  const auto before = problems.size();
  if (!r.object(j, path, {"roles", "account", "products"})) return false;
  out = Access{};
  if (const json* roles = r.member(j, "roles", path, false)) {
    const auto rp = detail::join_path(path, "roles");
    if (!roles->is_array()) r.fail(rp, "wrong_type", "Expected an array of roles.");
    else if (roles->size() > role_count * 2) r.fail(rp, "too_many_items", "Too many roles.");
    else
      for (std::size_t i = 0; i < roles->size(); ++i) {
        const auto ip = detail::index_path(rp, i);
        const json& v = (*roles)[i];
        if (v.is_string() && v.get_ref<const std::string&>() == "owner") {
          r.fail(ip, "owner_role_not_assignable", "The owner is not a role that can be given.", "owner", i + 1);
          continue;
        }
        Role role{};
        if (r.name(v, ip, role_names, role, "unknown_role", "role")) out.roles.add(role);
      }
  }
  if (const json* account = r.member(j, "account", path, false)) {
    const auto ap = detail::join_path(path, "account");
    if (!account->is_object()) r.fail(ap, "wrong_type", "Expected an object of area: level.");
    else
      for (const auto& [key, value] : account->items()) {
        const auto kp = detail::join_path(ap, key);
        const auto area = account_area_from_name(key);
        if (!area) {
          r.fail(kp, "unknown_area", "\"" + key + "\" is not an account-level area.", key);
          continue;
        }
        r.level(value, kp, out.account[static_cast<std::size_t>(*area)]);
      }
  }
  if (const json* products = r.member(j, "products", path, false)) {
    const auto pp = detail::join_path(path, "products");
    if (!products->is_object()) r.fail(pp, "wrong_type", "Expected an object of product key: permissions.");
    else if (products->size() > limits::max_product_rows)
      r.fail(pp, "too_many_product_rows", "At most " + std::to_string(limits::max_product_rows) + " product rows.");
    else
      for (const auto& [key, value] : products->items()) {
        const auto kp = detail::join_path(pp, key);
        ProductRow row{key, {}};
        if (!value.is_object()) {
          r.fail(kp, "wrong_type", "Expected an object of permission: level.");
          continue;
        }
        for (const auto& [perm, level] : value.items()) {
          const auto permission = product_permission_from_name(perm);
          if (!permission) {
            r.fail(detail::join_path(kp, perm), "unknown_permission",
                   "\"" + perm + "\" is not a product-level permission.", perm);
            continue;
          }
          r.level(level, detail::join_path(kp, perm), row.levels[static_cast<std::size_t>(*permission)]);
        }
        out.products.push_back(std::move(row));
      }
  }
  return problems.size() == before;
}

// ---- actors and decisions -------------------------------------------------------------

namespace detail {
// Reads the members an actor and a target share.
template <typename Person>
void read_person(Reader& r, const json& j, const std::string& path, Person& out) {
  if (const json* v = r.member(j, "kind", path, true))
    r.name(*v, join_path(path, "kind"), actor_kind_names, out.kind, "unknown_kind", "kind (owner, user)");
  if (const json* v = r.member(j, "id", path, false)) r.string(*v, join_path(path, "id"), out.id, limits::id_max);
  if (const json* v = r.member(j, "tenant", path, false))
    r.string(*v, join_path(path, "tenant"), out.tenant, limits::id_max);
  if (const json* v = r.member(j, "type", path, false))
    r.name(*v, join_path(path, "type"), user_type_names, out.type, "unknown_type", "user type (member, guest)");
  if (const json* v = r.member(j, "access", path, false)) read(*v, out.access, r.problems, join_path(path, "access"));
}
}  // namespace detail

inline bool read(const json& j, Actor& out, Problems& problems, const std::string& path = "actor") {
  detail::Reader r{problems};
  const auto before = problems.size();
  if (!r.object(j, path, {"kind", "id", "tenant", "type", "global_admin", "access", "groups"})) return false;
  out = Actor{};
  detail::read_person(r, j, path, out);
  if (const json* v = r.member(j, "global_admin", path, false))
    r.boolean(*v, detail::join_path(path, "global_admin"), out.global_admin);
  if (const json* groups = r.member(j, "groups", path, false)) {
    const auto gp = detail::join_path(path, "groups");
    if (!groups->is_array()) r.fail(gp, "wrong_type", "Expected an array of groups.");
    else if (groups->size() > limits::max_groups_per_user)
      r.fail(gp, "too_many_items", "At most " + std::to_string(limits::max_groups_per_user) + " groups.");
    else
      for (std::size_t i = 0; i < groups->size(); ++i) {
        const auto ip = detail::index_path(gp, i);
        const json& g = (*groups)[i];
        if (!r.object(g, ip, {"id", "access"})) continue;
        GroupAccess ga;
        if (const json* v = r.member(g, "id", ip, false)) r.string(*v, detail::join_path(ip, "id"), ga.id, limits::id_max);
        if (const json* v = r.member(g, "access", ip, true)) read(*v, ga.access, problems, detail::join_path(ip, "access"));
        out.groups.push_back(std::move(ga));
      }
  }
  return problems.size() == before;
}

// What `pcu permissions` and the module's effectivePermissions take: an actor (it names its
// kind or groups), or else one access, which must be valid. An actor's accesses (its own and
// its groups') must hold levels their areas allow (R-RP2..R-RP4); R-UM2's shape is not asked
// of them (rights from groups only leave the own access empty).
inline bool read_permissions_subject(const json& j, Actor& actor, Problems& problems) {
  const bool is_actor = j.is_object() && (j.contains("kind") || j.contains("groups"));
  if (!is_actor) {
    if (!read(j, actor.access, problems)) return false;
    problems = validate_access(actor.access);
    return problems.empty();
  }
  if (!read(j, actor, problems)) return false;
  const auto check = [&](const Access& access, const std::string& field) {
    for (auto& p : validate_access(access, field))
      if (p.code != "access_empty" && p.code != "access_roles_and_custom") problems.push_back(std::move(p));
  };
  if (actor.kind != ActorKind::owner) check(actor.access, "actor.access");
  for (std::size_t i = 0; i < actor.groups.size(); ++i)
    check(actor.groups[i].access, detail::join_path(detail::index_path("actor.groups", i), "access"));
  return problems.empty();
}

inline bool read(const json& j, Target& out, Problems& problems, const std::string& path = "target") {
  detail::Reader r{problems};
  const auto before = problems.size();
  if (!r.object(j, path, {"kind", "id", "tenant", "type", "access"})) return false;
  out = Target{};
  detail::read_person(r, j, path, out);
  return problems.size() == before;
}

inline bool read(const json& j, DecisionRequest& out, Problems& problems, const std::string& path = "") {
  detail::Reader r{problems};
  const auto before = problems.size();
  if (!r.object(j, path, {"actor", "action", "tenant", "target", "product"})) return false;
  out = DecisionRequest{};
  if (const json* v = r.member(j, "actor", path, true)) read(*v, out.actor, problems, detail::join_path(path, "actor"));
  if (const json* v = r.member(j, "action", path, true))
    r.name(*v, detail::join_path(path, "action"), action_names, out.action, "unknown_action", "action");
  if (const json* v = r.member(j, "tenant", path, false))
    r.string(*v, detail::join_path(path, "tenant"), out.tenant, limits::id_max);
  if (const json* v = r.member(j, "target", path, false); v && !v->is_null()) {
    Target t;
    if (read(*v, t, problems, detail::join_path(path, "target"))) out.target = std::move(t);
  }
  if (const json* v = r.member(j, "product", path, false))
    r.string(*v, detail::join_path(path, "product"), out.product, limits::product_id_max + add_ons_suffix.size());
  return problems.size() == before;
}

// ---- tenant facts ---------------------------------------------------------------------

inline constexpr std::size_t json_list_max = 10000;
// Groups are named by id or by display name (TenantFacts::group_exists), and a display name
// has up to group_name_max characters (R-GR1) of up to 4 UTF-8 bytes each.
inline constexpr std::size_t json_group_name_max = limits::group_name_max * 4;

inline bool read(const json& j, TenantSnapshot& out, Problems& problems, const std::string& path = "tenant") {
  detail::Reader r{problems};
  const auto before = problems.size();
  if (!r.object(j, path, {"verified_domains", "usernames", "groups", "directory_users", "account_users",
                          "account_emails", "pending_invitations"}))
    return false;
  out = TenantSnapshot{};
  const struct {
    std::string_view key;
    std::vector<std::string>* list;
    std::size_t item_max;
  } lists[] = {{"verified_domains", &out.verified_domains, limits::email_max},
               {"usernames", &out.usernames, limits::email_max},
               {"groups", &out.groups, json_group_name_max},
               {"directory_users", &out.directory_users, limits::email_max},
               {"account_users", &out.account_users, limits::email_max},
               {"account_emails", &out.account_emails, limits::email_max},
               {"pending_invitations", &out.pending_invitations, limits::email_max}};
  for (const auto& [key, list, item_max] : lists)
    if (const json* v = r.member(j, key, path, false))
      r.strings(*v, detail::join_path(path, key), *list, json_list_max, item_max);
  return problems.size() == before;
}

// ---- requests -------------------------------------------------------------------------

inline bool read(const json& j, CreateUserRequest& out, Problems& problems, const std::string& path = "") {
  detail::Reader r{problems};
  const auto before = problems.size();
  if (!r.object(j, path, {"first_name", "last_name", "username", "global_admin", "recovery_email", "groups",
                          "access"}))
    return false;
  out = CreateUserRequest{};
  const auto field = [&](std::string_view key) { return detail::join_path(path, key); };
  if (const json* v = r.member(j, "first_name", path, true)) r.string(*v, field("first_name"), out.first_name, 1024);
  if (const json* v = r.member(j, "last_name", path, true)) r.string(*v, field("last_name"), out.last_name, 1024);
  if (const json* v = r.member(j, "username", path, true)) r.string(*v, field("username"), out.username, 1024);
  if (const json* v = r.member(j, "global_admin", path, false)) r.boolean(*v, field("global_admin"), out.global_admin);
  if (const json* v = r.member(j, "recovery_email", path, false); v && !v->is_null())
    r.string(*v, field("recovery_email"), out.recovery_email, 1024);
  if (const json* v = r.member(j, "groups", path, false))
    r.strings(*v, field("groups"), out.groups, limits::max_groups_per_user, json_group_name_max);
  if (const json* v = r.member(j, "access", path, true)) read(*v, out.access, problems, field("access"));
  return problems.size() == before;
}

inline bool read(const json& j, InviteRequest& out, Problems& problems, const std::string& path = "") {
  detail::Reader r{problems};
  const auto before = problems.size();
  if (!r.object(j, path, {"text", "access"})) return false;
  out = InviteRequest{};
  if (const json* v = r.member(j, "text", path, true))
    r.string(*v, detail::join_path(path, "text"), out.text, limits::invite_text_max);
  if (const json* v = r.member(j, "access", path, true)) read(*v, out.access, problems, detail::join_path(path, "access"));
  return problems.size() == before;
}

inline bool read(const json& j, AddExistingRequest& out, Problems& problems, const std::string& path = "") {
  detail::Reader r{problems};
  const auto before = problems.size();
  if (!r.object(j, path, {"user_ids", "access"})) return false;
  out = AddExistingRequest{};
  if (const json* v = r.member(j, "user_ids", path, true))
    r.strings(*v, detail::join_path(path, "user_ids"), out.user_ids, limits::max_add_users, limits::id_max);
  if (const json* v = r.member(j, "access", path, true)) read(*v, out.access, problems, detail::join_path(path, "access"));
  return problems.size() == before;
}

inline bool read(const json& j, EditUserRequest& out, Problems& problems, const std::string& path = "") {
  detail::Reader r{problems};
  const auto before = problems.size();
  if (!r.object(j, path, {"first_name", "last_name", "username", "groups", "access", "enabled"})) return false;
  out = EditUserRequest{};
  const auto field = [&](std::string_view key) { return detail::join_path(path, key); };
  const auto text = [&](std::string_view key, std::optional<std::string>& into) {
    if (const json* v = r.member(j, key, path, false)) {
      std::string s;
      if (r.string(*v, field(key), s, 1024)) into = std::move(s);
    }
  };
  text("first_name", out.first_name);
  text("last_name", out.last_name);
  text("username", out.username);
  if (const json* v = r.member(j, "groups", path, false)) {
    std::vector<std::string> groups;
    if (r.strings(*v, field("groups"), groups, limits::max_groups_per_user, json_group_name_max))
      out.groups = std::move(groups);
  }
  if (const json* v = r.member(j, "access", path, false)) {
    Access a;
    if (read(*v, a, problems, field("access"))) out.access = std::move(a);
  }
  if (const json* v = r.member(j, "enabled", path, false)) {
    bool enabled = true;
    if (r.boolean(*v, field("enabled"), enabled)) out.enabled = enabled;
  }
  return problems.size() == before;
}

inline bool read(const json& j, GroupRequest& out, Problems& problems, const std::string& path = "") {
  detail::Reader r{problems};
  const auto before = problems.size();
  if (!r.object(j, path, {"display_name", "description", "members", "access"})) return false;
  out = GroupRequest{};
  const auto field = [&](std::string_view key) { return detail::join_path(path, key); };
  if (const json* v = r.member(j, "display_name", path, true))
    r.string(*v, field("display_name"), out.display_name, json_group_name_max);
  if (const json* v = r.member(j, "description", path, false))
    r.string(*v, field("description"), out.description, limits::group_description_max * 4);
  if (const json* v = r.member(j, "members", path, false))
    r.strings(*v, field("members"), out.members, limits::max_add_users, limits::id_max);
  if (const json* v = r.member(j, "access", path, false); v && !v->is_null()) {
    Access a;
    if (read(*v, a, problems, field("access"))) out.access = std::move(a);
  }
  return problems.size() == before;
}

// ---- to_json of answers ---------------------------------------------------------------

inline json access_to_json(const Access& a) {
  json j = json::object();
  json roles = json::array();
  for (std::size_t i = 0; i < role_count; ++i)
    if (a.roles.has(static_cast<Role>(i))) roles.push_back(role_names[i]);
  j["roles"] = std::move(roles);
  json account = json::object();
  for (std::size_t i = 0; i < account_area_count; ++i)
    if (a.account[i] != Level::none) account[std::string(account_area_names[i])] = name_of(a.account[i]);
  if (!account.empty()) j["account"] = std::move(account);
  json products = json::object();
  for (const auto& row : a.products) {
    json levels = json::object();
    for (std::size_t i = 0; i < product_permission_count; ++i)
      if (row.levels[i] != Level::none) levels[std::string(product_permission_names[i])] = name_of(row.levels[i]);
    products[row.key] = std::move(levels);
  }
  if (!products.empty()) j["products"] = std::move(products);
  return j;
}

inline json problem_to_json(const Problem& p) {
  json j = {{"code", p.code}, {"message", p.message}};
  if (!p.field.empty()) j["field"] = p.field;
  if (!p.item.empty()) j["item"] = p.item;
  if (p.position) j["position"] = p.position;
  return j;
}

inline json problems_to_json(const Problems& problems) {
  json a = json::array();
  for (const auto& p : problems) a.push_back(problem_to_json(p));
  return a;
}

inline json decision_to_json(const Decision& d) {
  if (d.allowed) return {{"allowed", true}};
  return {{"allowed", false}, {"code", d.code}, {"message", d.message}};
}

// The answer to a decision request that could not be read: denied, with every problem found
// (the module's decide() and `pcu decide --json` answer alike).
inline constexpr std::string_view invalid_request_code = "invalid_request";
inline json invalid_decision_to_json(const Problems& problems) {
  return {{"allowed", false},
          {"code", invalid_request_code},
          {"message", "The decision request cannot be read."},
          {"problems", problems_to_json(problems)}};
}

inline json effective_to_json(const EffectivePermissions& e) {
  Access as_access{e.roles, e.account, e.products};
  json j = access_to_json(as_access);
  j["owner"] = e.owner;
  j["every_product"] = e.every_product;
  return j;
}

inline json invite_list_to_json(const InviteList& list, const Problems& problems) {
  json addresses = json::array();
  for (const auto& a : list.addresses) addresses.push_back(a.address);
  return {{"ok", problems.empty() && !list.addresses.empty()},
          {"addresses", std::move(addresses)},
          {"problems", problems_to_json(problems)}};
}

// ---- decode() -------------------------------------------------------------------------

template <typename T>
struct Decoded {
  std::optional<T> value;
  Problems problems;
};

// Parses and reads one document of type T; never throws for any input.
template <typename T>
Decoded<T> decode(std::string_view text, std::size_t max = limits::json_max) {
  Decoded<T> d;
  auto j = parse_json(text, d.problems, max);
  if (!j) return d;
  T value{};
  if (read(*j, value, d.problems)) d.value = std::move(value);
  return d;
}

// ---- nlohmann adapters ----------------------------------------------------------------

struct DecodeError : std::runtime_error {
  Problems problems;
  explicit DecodeError(Problems p)
      : std::runtime_error(p.empty() ? "invalid document" : p.front().field + ": " + p.front().message),
        problems(std::move(p)) {}
};

namespace detail {
template <typename T>
void from_json_or_throw(const json& j, T& out) {
  Problems problems;
  if (read(j, out, problems)) return;
#if defined(__cpp_exceptions)
  throw DecodeError(std::move(problems));
#else
  std::abort();  // builds without exceptions must call read() instead
#endif
}
}  // namespace detail

inline void to_json(json& j, const Access& a) { j = access_to_json(a); }
inline void from_json(const json& j, Access& a) { detail::from_json_or_throw(j, a); }
inline void to_json(json& j, const Problem& p) { j = problem_to_json(p); }
inline void to_json(json& j, const Decision& d) { j = decision_to_json(d); }
inline void from_json(const json& j, DecisionRequest& r) { detail::from_json_or_throw(j, r); }
inline void from_json(const json& j, CreateUserRequest& r) { detail::from_json_or_throw(j, r); }
inline void from_json(const json& j, InviteRequest& r) { detail::from_json_or_throw(j, r); }
inline void from_json(const json& j, AddExistingRequest& r) { detail::from_json_or_throw(j, r); }
inline void from_json(const json& j, EditUserRequest& r) { detail::from_json_or_throw(j, r); }
inline void from_json(const json& j, GroupRequest& r) { detail::from_json_or_throw(j, r); }
inline void from_json(const json& j, TenantSnapshot& t) { detail::from_json_or_throw(j, t); }

}  // namespace pcu
