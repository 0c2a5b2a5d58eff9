// api_error.hpp: the one error shape of the API,
// {"error": {"code", "message", "field", "items"}}. Route code throws ApiError to refuse a
// request: the route boundary turns it into the response and rolls the transaction back,
// so a refused request changes nothing.
#pragma once

#include <stdexcept>
#include <string>

#include <pcu/model.hpp>

namespace pcu::server {

struct ApiError : std::runtime_error {
  int status;
  std::string code;
  std::string field;
  pcu::Problems items;
  ApiError(int status_, std::string code_, std::string message, std::string field_ = {}, pcu::Problems items_ = {})
      : std::runtime_error(std::move(message)), status(status_), code(std::move(code_)), field(std::move(field_)),
        items(std::move(items_)) {}
};

// 403 with the decision's code (not_global_admin, guest_restricted, ...).
inline void require(const pcu::Decision& decision) {
  if (!decision.allowed) throw ApiError(403, std::string(decision.code), std::string(decision.message));
}

inline ApiError not_found(std::string_view what) {
  return ApiError(404, "not_found", std::string(what) + " was not found.");
}

}  // namespace pcu::server
