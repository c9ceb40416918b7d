// PF213: SQL in a migration that PostgreSQL cannot parse.
#include <fmt/format.h>

#include <cctype>
#include <set>
#include <string>
#include <string_view>

#include "django/python_values.h"
#include "rules/migrations/migration_sql.h"
#include "rules/registry.h"

namespace preflight::rules {
namespace {

namespace mig = django::migrations;

constexpr RuleInfo kSqlSyntaxError{
    .code = "PF213",
    .name = "sql-syntax-error",
    .family = Family::Migrations,
    .severity = Severity::Error,
    .summary = "SQL in a migration that PostgreSQL cannot parse: SyntaxError",
    .explanation = R"md(
## What it finds

SQL in a migration — a `RunSQL` string (`sql` or `reverse_sql`), or literal SQL that a `RunPython`
function passes to `cursor.execute`/`schema_editor.execute` — that PostgreSQL 15's own parser
(libpg_query) rejects. The finding points at the character PostgreSQL's message points at, inside
the Python literal, and quotes the message.

It stays silent where the text is not all known: an f-string's replacement fields (`{table}`)
stand in as identifiers, and an error at or after the first of them is not reported, since the
field's real value may be what makes the statement whole; likewise an error at a psycopg2
parameter marker (`%s`). SQL built with `%` or `.format()`, or read from a variable bound more
than once, is not read at all. A `RunPython` function that looks at `connection.vendor` is
skipped: its SQL may be meant for another database.

## What fails in production

PostgreSQL parses a whole query string before running any of it (Django sends a `RunSQL` script
statement by statement, so the statements before the broken one do run); `migrate` stops with

```
psycopg2.errors.SyntaxError: syntax error at or near "TABEL"
django.db.utils.ProgrammingError: syntax error at or near "TABEL"
```

For an atomic migration everything is rolled back; for a non-atomic one the statements before it
stay (see PF212). In `reverse_sql` the error waits for the day the migration is rolled back —
usually during an incident.

## Example

```python
migrations.RunSQL(
    "ALTER TABEL shop_product ADD COLUMN sku text",
    reverse_sql="ALTER TABLE shop_product DROP COLUMN sku",
)
```

## Fix

Correct the SQL. Run it once against PostgreSQL (`python manage.py sqlmigrate app 0002` prints a
`RunSQL`'s statements; `psql` shows where the parser stops).
)md"};

// A RunPython function's SQL guarded by `connection.vendor`: possibly not PostgreSQL's.
bool mentions_vendor(const migrations::PythonFunction& function) {
  const Span span =
      django::node_span(*function.module->source, function.module->file, *function.function);
  const std::string_view text = function.module->source->text();
  if (span.end > text.size() || span.begin > span.end) return false;
  return text.substr(span.begin, span.end - span.begin).find(".vendor") != std::string_view::npos;
}

// [begin, end) of the token at `offset` in `text`: a word, or one character; the last character
// when the error is at the end of the text.
std::pair<std::uint32_t, std::uint32_t> token_at(std::string_view text, std::uint32_t offset) {
  if (text.empty()) return {0, 0};
  if (offset >= text.size()) {
    std::uint32_t last = static_cast<std::uint32_t>(text.size());
    while (last > 0 && std::isspace(static_cast<unsigned char>(text[last - 1]))) --last;
    return last == 0 ? std::pair<std::uint32_t, std::uint32_t>{0, 0}
                     : std::pair<std::uint32_t, std::uint32_t>{last - 1, last};
  }
  const auto word = [&](std::uint32_t at) {
    const auto c = static_cast<unsigned char>(text[at]);
    return std::isalnum(c) || c == '_' || c >= 0x80;
  };
  std::uint32_t end = offset + 1;
  if (word(offset)) {
    while (end < text.size() && word(end)) ++end;
  }
  return {offset, end};
}

void check(const project::Project& project, Findings& out) {
  // SQL literals inside RunPython functions that look at connection.vendor.
  std::set<const python::Node*> vendor_functions;
  std::vector<Span> vendor_spans;
  for (const migrations::PythonFunction& function : migrations::python_functions(project)) {
    if (!mentions_vendor(function)) continue;
    if (vendor_functions.insert(function.function).second) {
      vendor_spans.push_back(
          django::node_span(*function.module->source, function.module->file, *function.function));
    }
  }
  const auto in_vendor_function = [&](const Span& span) {
    for (const Span& function : vendor_spans) {
      if (function.file == span.file && function.begin <= span.begin && span.end <= function.end) {
        return true;
      }
    }
    return false;
  };

  std::set<std::pair<FileId, std::uint32_t>> reported;
  for (const migrations::SqlSite& site : migrations::sql_sites(project)) {
    const std::optional<sql::ParseError>& error = site.sql.parsed.error;
    if (!error) continue;
    const python::StringText& text = site.sql.text;
    // Unknown parts: an error at or after the first f-string field may be the field's doing.
    bool unknown = false;
    for (const python::StringText::Field& field : text.fields) {
      if (error->offset >= field.text_begin) unknown = true;
    }
    // A psycopg2 parameter marker ($1 in the text, `%s` in the source).
    if (error->offset < text.text.size() && text.text[error->offset] == '$') {
      const std::uint32_t at = text.source_offset(error->offset);
      const std::string_view source = site.module->source->text();
      if (at < source.size() && source[at] == '%') unknown = true;
    }
    if (unknown) continue;
    const auto [begin, end] = token_at(text.text, error->offset);
    const Span span = site.sql.span(*site.module, begin, end);
    if (site.where.starts_with("RunPython") && in_vendor_function(span)) continue;
    if (!reported.emplace(span.file, span.begin).second) continue;
    out.add(kSqlSyntaxError, span)
        .message(fmt::format(
            "PostgreSQL cannot parse the SQL in {} of migration `{}`: {}; `migrate` fails with "
            "SyntaxError (42601)",
            site.where, site.migration->label(), error->message))
        .predicts(fmt::format("django.db.utils.ProgrammingError: {}", error->message));
  }
}

PREFLIGHT_RULE(kSqlSyntaxError, check);

}  // namespace
}  // namespace preflight::rules
