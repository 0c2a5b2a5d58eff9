// permission_editor.hpp: the Roles section of Add users, Edit user and Groups: standard roles
// (R-RP1), or custom permissions drawn from the core's name tables: the account-level matrix
// (R-RP2) and the product-level matrix with All products, each product and its All add-ons
// row (R-RP3), where the All-products column shows Mixed (R-RP7). Only levels an area allows
// are offered; validate_access() checks the rest (R-UM2, R-RP4) as the person clicks.
#pragma once

#include <string>

#include "api_client.hpp"
#include "pcu/model.hpp"

namespace permission_editor {

struct Editor {
  bool custom = false;  // custom permissions instead of standard roles
  pcu::Access roles;    // the roles chosen (kept when switching to custom and back)
  pcu::Access custom_access;
  bool touched = false;  // the core's problems show once the person changed something or saved
  // The access to send: roles, or custom permissions with rows holding only "none" dropped.
  pcu::Access access() const;
  void load(const pcu::Access& access);
};

// Draws the editor; `scope` keeps widget ids apart when a page has two editors.
void draw(Editor& editor, const api::Call& call, const char* scope = "access");
// The core's problems with the access as it stands.
pcu::Problems problems(const Editor& editor);
// "Developer, Marketer", or "Custom permissions".
std::string summary(const pcu::Access& access);
pcu::Access read_access(const api::json& j);

}  // namespace permission_editor
