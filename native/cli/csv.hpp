// native/cli/csv.hpp: RFC 4180 records (quoted fields, doubled quotes, CRLF or LF), each
// with the line it starts on, for `pcu check-import`.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace pcu::cli {

struct CsvRecord {
  std::size_t line = 0;
  std::vector<std::string> fields;
};

struct CsvDocument {
  std::vector<CsvRecord> records;
  std::size_t unterminated_quote_line = 0;  // 0 when every quote is closed
};

inline CsvDocument parse_csv(std::string_view text) {
  CsvDocument doc;
  std::size_t line = 1;
  CsvRecord record{1, {}};
  std::string field;
  bool quoted = false, any = false;
  std::size_t quote_line = 0;
  const auto end_record = [&] {
    record.fields.push_back(std::move(field));
    field.clear();
    const bool blank = record.fields.size() == 1 && record.fields[0].empty() && !any;
    if (!blank) doc.records.push_back(std::move(record));
    record = CsvRecord{line, {}};
    any = false;
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') { field += '"'; ++i; }
      else if (c == '"') quoted = false;
      else { if (c == '\n') ++line; field += c; }
      continue;
    }
    if (c == '"') { quoted = true; any = true; quote_line = line; }
    else if (c == ',') { record.fields.push_back(std::move(field)); field.clear(); any = true; }
    else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') continue;
    else if (c == '\n') { ++line; end_record(); }
    else { field += c; any = true; }
  }
  if (quoted) doc.unterminated_quote_line = quote_line;
  if (any || !field.empty()) end_record();
  return doc;
}

}  // namespace pcu::cli
