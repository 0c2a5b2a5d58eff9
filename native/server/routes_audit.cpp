// routes_audit.cpp: the audit log of every change (R-UM17): filters, keyset paging, and an
// export as JSON lines. The owner and Managers read it.
#include "http_app.hpp"

namespace pcu::server {

namespace {

pcu::json entry_json(const AuditRow& r) {
  return {{"id", r.id},
          {"at", r.at},
          {"actor", r.actor_id},
          {"action", r.action},
          {"target", r.target_id},
          {"before", pcu::json::parse(r.before, nullptr, false)},
          {"after", pcu::json::parse(r.after, nullptr, false)}};
}

std::optional<std::int64_t> int_param(const Call& c, const std::string& name) {
  const auto text = c.query(name);
  if (text.empty()) return std::nullopt;
  const auto v = parse_int(text);
  if (!v) throw ApiError(400, "invalid_parameter", name + " is a whole number.", name);
  return v;
}

void read_audit(Call& c) {
  require(pcu::may_read_audit(c.me().actor));  // R-UM17
  // An explicit format wins; without one, an Accept naming JSON lines asks for them.
  const auto format = c.query("format");
  if (!format.empty() && format != "json" && format != "jsonl")
    throw ApiError(400, "invalid_parameter", "format is json or jsonl.", "format");
  const bool jsonl = format.empty() ? c.req.get_header_value("Accept").find("application/x-ndjson") != std::string::npos
                                    : format == "jsonl";
  AuditQuery q;
  q.actor_id = c.query("actor");
  q.action = c.query("action");
  q.target_id = c.query("target");
  q.from = int_param(c, "from");
  q.to = int_param(c, "to");
  q.before_id = int_param(c, "cursor");
  q.limit = page_limit(c, jsonl ? 10000 : 100, jsonl ? 100000 : 1000);
  const auto rows = c.store().audit(q);
  // A full page may have more behind it: the cursor of the next, as the JSON form's next_cursor.
  const std::optional<std::string> next =
      rows.size() == q.limit ? std::optional<std::string>(std::to_string(rows.back().id)) : std::nullopt;
  if (jsonl) {
    if (next) c.res.set_header("X-Next-Cursor", *next);
    std::string out;
    for (const auto& r : rows) out += entry_json(r).dump() + "\n";
    c.res.set_header("Content-Disposition", "attachment; filename=\"audit.jsonl\"");
    c.res.set_content(out, "application/x-ndjson");
    return;
  }
  pcu::json entries = pcu::json::array();
  for (const auto& r : rows) entries.push_back(entry_json(r));
  c.reply(200, {{"entries", std::move(entries)}, {"next_cursor", next ? pcu::json(*next) : pcu::json(nullptr)}});
}

}  // namespace

void add_audit_routes(RouteTable& t) { t.push_back({"GET", "/api/v1/audit", Auth::session, false, read_audit}); }

}  // namespace pcu::server
