// routes_products.cpp: the account's products (the rows of the product-level permission
// matrix, R-RP3). Anyone signed in reads them; adding one is an account setting.
#include "http_app.hpp"

namespace pcu::server {

namespace {

void list_products(Call& c) {
  pcu::json out = pcu::json::array();
  for (const auto& p : c.store().products()) out.push_back({{"id", p.id}, {"name", p.name}});
  c.reply(200, {{"products", std::move(out)}});
}

void create_product(Call& c) {
  c.require(pcu::Action::change_account_settings);
  const auto fields = read_string_fields(c.json_body(), {{"id", true, 256}, {"name", true, 1024}});
  pcu::Problems problems;
  if (!pcu::is_product_id(fields[0]))
    problems.push_back({"id", fields[0], 0, "invalid_product", "A product id is letters, digits, '-', '_' and '.'."});
  if (pcu::detail::trim(fields[1]).empty())
    problems.push_back({"name", "", 0, "name_required", "A product needs a name."});
  else if (pcu::detail::scan_utf8(fields[1]).has_control)
    problems.push_back({"name", "", 0, "name_control_character", "Names cannot hold control characters."});
  reject_problems(std::move(problems));
  for (const auto& p : c.store().products())
    if (p.id == fields[0]) throw ApiError(409, "product_exists", "A product with this id exists.", "id");
  const ProductRecord p{fields[0], std::string(pcu::detail::trim(fields[1]))};
  c.store().insert_product(p);
  c.audit("create_product", p.id, nullptr, {{"id", p.id}, {"name", p.name}});
  c.reply(201, {{"id", p.id}, {"name", p.name}});
}

}  // namespace

void add_product_routes(RouteTable& t) {
  t.push_back({"GET", "/api/v1/products", Auth::session, false, list_products});
  t.push_back({"POST", "/api/v1/products", Auth::session, true, create_product});
}

}  // namespace pcu::server
