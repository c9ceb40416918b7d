// PF212: DDL in a non-atomic migration that fails when the migration runs again after a partial
// run.
#include <fmt/format.h>

#include <cctype>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/ascii.h"
#include "django/python_values.h"
#include "rules/migrations/migration_sql.h"
#include "rules/registry.h"

namespace preflight::rules {
namespace {

namespace mig = django::migrations;

constexpr RuleInfo kNonIdempotentDdl{
    .code = "PF212",
    .name = "non-idempotent-ddl",
    .family = Family::Migrations,
    .severity = Severity::Warning,
    .summary = "DDL in a non-atomic migration that fails when the migration is run again",
    .explanation = R"md(
## What it finds

Raw DDL in a migration with `atomic = False` — a `RunSQL` string, or literal SQL that a
`RunPython` function passes to `cursor.execute`/`schema_editor.execute` — that PostgreSQL refuses
when its work is already done:

| statement | when run again |
|---|---|
| `CREATE TABLE/INDEX/SEQUENCE/VIEW/MATERIALIZED VIEW` without `IF NOT EXISTS` (or `OR REPLACE`) | DuplicateTable (42P07) |
| `CREATE SCHEMA` without `IF NOT EXISTS` | DuplicateSchema (42P06) |
| `CREATE EXTENSION` without `IF NOT EXISTS`, `CREATE TYPE`, `CREATE DOMAIN`, `CREATE TRIGGER` | DuplicateObject (42710) |
| `CREATE FUNCTION`/`PROCEDURE` without `OR REPLACE` | DuplicateFunction (42723) |
| `ALTER TABLE … ADD COLUMN` without `IF NOT EXISTS` | DuplicateColumn (42701) |
| `ALTER TABLE … ADD CONSTRAINT name` | DuplicateObject (42710), DuplicateTable (42P07) for `UNIQUE`/`PRIMARY KEY`/`EXCLUDE` |
| `ALTER TABLE … DROP COLUMN` / `DROP CONSTRAINT` without `IF EXISTS` | UndefinedColumn (42703) / UndefinedObject (42704) |
| `DROP …` without `IF EXISTS` | UndefinedTable (42P01), UndefinedObject (42704), … |
| `ALTER … RENAME` (of a table without `IF EXISTS`, of a column or constraint always) | UndefinedTable (42P01), UndefinedColumn (42703), … |

A `CREATE` is not reported when the same migration drops the object with `IF EXISTS` before it.

**Scope: non-atomic migrations only.** On PostgreSQL an atomic migration (the default) runs in
one transaction together with the row Django writes to `django_migrations`: it is applied
entirely or not at all, so the migration itself never leaves a partial state behind, and
flagging every `CREATE TABLE` of every atomic migration would be noise. With `atomic = False`
Django runs each statement in autocommit (`RunSQL` splits a script into statements and executes
them one by one), and records the migration only after the last operation. Not reported either:
the last statement a migration runs (if it fails, it has changed nothing) and the SQL of a
`RunPython(atomic=True)` that is the migration's last operation (its own transaction) — except
`CREATE INDEX CONCURRENTLY`, which leaves an INVALID index behind when it fails (a unique
violation, a deadlock, a `statement_timeout`). Objects created by hand outside any migration are
out of scope: nothing in the repository shows them.

## What fails in production

A non-atomic migration fails half-way (a lock timeout, a duplicate key while building a unique
index, a deploy killed mid-way). The statements before the failure are committed, the migration
is not recorded, and every later `migrate` runs it again from the top — and stops at the first
statement whose work is already done:

```
psycopg2.errors.DuplicateTable: relation "shop_tag" already exists
django.db.utils.ProgrammingError: relation "shop_tag" already exists
```

The deploy is then blocked until someone repairs the database by hand.

## Example

```python
class Migration(migrations.Migration):
    atomic = False

    operations = [
        migrations.RunSQL([
            "CREATE TABLE shop_tag (id serial PRIMARY KEY, name text NOT NULL)",
            "CREATE INDEX CONCURRENTLY shop_tag_name_idx ON shop_tag (name)",
        ]),
    ]
```

## Fix

Write each statement so that running it again does nothing: `CREATE … IF NOT EXISTS`, `CREATE
OR REPLACE`, `DROP … IF EXISTS`, `ADD COLUMN IF NOT EXISTS`, `DROP COLUMN IF EXISTS`,
`ALTER TABLE IF EXISTS … RENAME`; for a constraint, `DROP CONSTRAINT IF EXISTS` before `ADD
CONSTRAINT`. For an index built concurrently, drop a leftover invalid one first —
`DROP INDEX CONCURRENTLY IF EXISTS shop_tag_name_idx` then `CREATE INDEX CONCURRENTLY
shop_tag_name_idx …` — since `IF NOT EXISTS` would keep the invalid index. Or, when nothing
forces `atomic = False`, let the migration be atomic.
)md"};

std::string upper(std::string text) {
  for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

// The name PostgreSQL's messages show: the last part of a qualified name.
std::string last_part(const std::string& name) {
  const auto dot = name.rfind('.');
  return dot == std::string::npos ? name : name.substr(dot + 1);
}

// What a statement does when its work is already done.
struct Hazard {
  std::string sqlstate;  // "42P07"
  std::string error;     // "DuplicateTable"
  std::string message;   // PostgreSQL's: relation "shop_tag" already exists
  std::string fix;       // "write `CREATE TABLE IF NOT EXISTS`"
};

bool relation_kind(const std::string& kind) {
  return kind == "table" || kind == "view" || kind == "sequence" || kind == "materialized view" ||
         kind == "index" || kind == "foreign table";
}

Hazard missing_object(const std::string& kind, const std::string& name) {
  if (kind == "table" || kind == "view" || kind == "sequence" || kind == "materialized view") {
    return {"42P01", "UndefinedTable", fmt::format("{} \"{}\" does not exist", kind, name), {}};
  }
  if (kind == "schema") {
    return {"3F000", "InvalidSchemaName", fmt::format("schema \"{}\" does not exist", name), {}};
  }
  if (kind == "function" || kind == "procedure") {
    return {"42883", "UndefinedFunction", fmt::format("{} {}() does not exist", kind, name), {}};
  }
  if (kind == "column") {
    return {"42703", "UndefinedColumn", fmt::format("column \"{}\" does not exist", name), {}};
  }
  return {"42704", "UndefinedObject", fmt::format("{} \"{}\" does not exist", kind, name), {}};
}

// The hazard of `s` when run a second time; nullopt when it is idempotent (or unknown). `dropped`
// holds the objects dropped with IF EXISTS earlier in the migration ("kind:name").
std::optional<Hazard> hazard(const sql::Statement& s, const mig::SqlText& sql,
                             const std::set<std::string>& dropped) {
  if (!s.classified || !s.is_ddl) return std::nullopt;
  const auto shown = [&](const std::string& name) { return sql.display(last_part(name)); };
  const auto guarded = [&](const std::string& kind, const std::string& name) {
    return dropped.count(kind + ":" + ascii_lower(name)) > 0;
  };
  const std::string& node = s.node;
  if (node == "CreateStmt" || node == "CreateTableAsStmt" || node == "CreateSeqStmt" ||
      node == "IndexStmt" || node == "ViewStmt") {
    if (s.if_not_exists || s.or_replace || !s.created || s.created->name.empty()) {
      return std::nullopt;
    }
    if (guarded(s.created->kind, s.created->name)) return std::nullopt;
    const std::string fix =
        node == "ViewStmt"
            ? "write `CREATE OR REPLACE VIEW`"
            : (s.concurrently ? fmt::format("run `DROP INDEX CONCURRENTLY IF EXISTS {}` before it",
                                            shown(s.created->name))
                              : fmt::format("write `{} IF NOT EXISTS`", s.description));
    return Hazard{"42P07", "DuplicateTable",
                  fmt::format("relation \"{}\" already exists", shown(s.created->name)), fix};
  }
  if (node == "CreateSchemaStmt" || node == "CreateExtensionStmt") {
    if (s.if_not_exists || !s.created || guarded(s.created->kind, s.created->name)) {
      return std::nullopt;
    }
    const bool schema = node == "CreateSchemaStmt";
    return Hazard{schema ? "42P06" : "42710", schema ? "DuplicateSchema" : "DuplicateObject",
                  fmt::format("{} \"{}\" already exists", s.created->kind, shown(s.created->name)),
                  fmt::format("write `{} IF NOT EXISTS`", s.description)};
  }
  if (node == "CreateEnumStmt" || node == "CompositeTypeStmt" || node == "CreateDomainStmt" ||
      node == "CreateTrigStmt") {
    if (s.or_replace || !s.created || guarded(s.created->kind, s.created->name)) {
      return std::nullopt;
    }
    const bool trigger = node == "CreateTrigStmt";
    return Hazard{"42710", "DuplicateObject",
                  fmt::format("{} \"{}\" already exists", trigger ? "trigger" : "type",
                              shown(s.created->name)),
                  trigger ? std::string("write `CREATE OR REPLACE TRIGGER`")
                          : fmt::format("run `DROP {} IF EXISTS {}` before it",
                                        node == "CreateDomainStmt" ? "DOMAIN" : "TYPE",
                                        sql.display(s.created->name))};
  }
  if (node == "CreateFunctionStmt") {
    if (s.or_replace || !s.created) return std::nullopt;
    return Hazard{"42723", "DuplicateFunction",
                  fmt::format("{} \"{}\" already exists with same argument types", s.created->kind,
                              shown(s.created->name)),
                  "write `CREATE OR REPLACE`"};
  }
  if (node == "DropStmt") {
    if (s.if_exists || s.targets.empty()) return std::nullopt;
    const sql::ObjectRef& target = s.targets.front();
    Hazard h = missing_object(target.kind, shown(target.name));
    h.fix = fmt::format("write `{} IF EXISTS`", s.description);
    return h;
  }
  if (node == "RenameStmt") {
    if (s.targets.empty()) return std::nullopt;
    const sql::ObjectRef& target = s.targets.front();
    if (target.kind == "column" || target.kind == "constraint") {
      Hazard h = target.kind == "column" ? missing_object("column", shown(target.name))
                                         : missing_object("constraint", shown(target.name));
      h.fix = "check that the old name exists first (a `DO` block reading the catalog)";
      return h;
    }
    if (s.if_exists) return std::nullopt;
    Hazard h = relation_kind(target.kind)
                   ? Hazard{"42P01",
                            "UndefinedTable",
                            fmt::format("relation \"{}\" does not exist", shown(target.name)),
                            {}}
                   : missing_object(target.kind, shown(target.name));
    h.fix = relation_kind(target.kind)
                ? fmt::format("write `ALTER {} IF EXISTS … RENAME TO`", upper(target.kind))
                : "check that the old name exists first (a `DO` block reading the catalog)";
    return h;
  }
  if (node == "AlterTableStmt" && s.relation) {
    const std::string table = shown(*s.relation);
    for (const sql::AlterTableCommand& command : s.alter_commands) {
      const std::string key_relation = ascii_lower(*s.relation) + ".";
      if (command.kind == sql::AlterKind::add_column && !command.if_not_exists) {
        if (dropped.count("column:" + key_relation + ascii_lower(command.name))) continue;
        return Hazard{"42701", "DuplicateColumn",
                      fmt::format("column \"{}\" of relation \"{}\" already exists",
                                  sql.display(command.name), table),
                      "write `ADD COLUMN IF NOT EXISTS`"};
      }
      if (command.kind == sql::AlterKind::drop_column && !command.if_exists) {
        return Hazard{"42703", "UndefinedColumn",
                      fmt::format("column \"{}\" of relation \"{}\" does not exist",
                                  sql.display(command.name), table),
                      "write `DROP COLUMN IF EXISTS`"};
      }
      if (command.kind == sql::AlterKind::add_constraint && !command.name.empty() &&
          !command.using_index) {
        if (dropped.count("constraint:" + key_relation + ascii_lower(command.name))) continue;
        const bool index = command.constraint_type == "UNIQUE" ||
                           command.constraint_type == "PRIMARY" ||
                           command.constraint_type == "EXCLUSION";
        return Hazard{index ? "42P07" : "42710", index ? "DuplicateTable" : "DuplicateObject",
                      index
                          ? fmt::format("relation \"{}\" already exists", sql.display(command.name))
                          : fmt::format("constraint \"{}\" for relation \"{}\" already exists",
                                        sql.display(command.name), table),
                      fmt::format("run `ALTER TABLE {} DROP CONSTRAINT IF EXISTS {}` before it",
                                  sql.display(*s.relation), sql.display(command.name))};
      }
      if (command.kind == sql::AlterKind::drop_constraint && !command.if_exists) {
        return Hazard{"42704", "UndefinedObject",
                      fmt::format("constraint \"{}\" of relation \"{}\" does not exist",
                                  sql.display(command.name), table),
                      "write `DROP CONSTRAINT IF EXISTS`"};
      }
    }
  }
  return std::nullopt;
}

// Objects that `s` drops with IF EXISTS, as "kind:name" (lower case).
void record_drops(const sql::Statement& s, std::set<std::string>& dropped) {
  if (s.node == "DropStmt" && s.if_exists) {
    for (const sql::ObjectRef& target : s.targets) {
      dropped.insert(target.kind + ":" + ascii_lower(target.name));
    }
  }
  if (s.node == "AlterTableStmt" && s.relation) {
    for (const sql::AlterTableCommand& command : s.alter_commands) {
      if (!command.if_exists) continue;
      if (command.kind == sql::AlterKind::drop_column) {
        dropped.insert("column:" + ascii_lower(*s.relation) + "." + ascii_lower(command.name));
      } else if (command.kind == sql::AlterKind::drop_constraint) {
        dropped.insert("constraint:" + ascii_lower(*s.relation) + "." + ascii_lower(command.name));
      }
    }
  }
}

// The operations that run in the database, in order (SeparateDatabaseAndState's database
// operations in its place).
void database_operations(const std::vector<mig::Operation>& operations,
                         std::vector<const mig::Operation*>& out) {
  for (const mig::Operation& operation : operations) {
    if (operation.kind == mig::OperationKind::SeparateDatabaseAndState) {
      database_operations(operation.database_operations, out);
    } else {
      out.push_back(&operation);
    }
  }
}

// The SQL literal a migration runs last (forwards, or backwards: the first operation's
// reverse_sql), when that is a RunSQL string; null otherwise.
const python::Node* last_sql(const mig::Migration& migration, bool reverse) {
  std::vector<const mig::Operation*> operations;
  database_operations(migration.operations, operations);
  if (operations.empty()) return nullptr;
  const mig::Operation& last = reverse ? *operations.front() : *operations.back();
  if (last.kind != mig::OperationKind::RunSQL) return nullptr;
  const std::optional<mig::SqlArgument>& argument = reverse ? last.reverse_sql : last.sql;
  if (!argument || !argument->known || argument->statements.empty()) return nullptr;
  const mig::SqlString& string = argument->statements.back();
  return string.literal ? string.literal : string.node;
}

// The spans of RunPython functions that run last in their migration, in a transaction of their own
// (RunPython(atomic=True) in a non-atomic migration): all or nothing, and nothing after them.
std::vector<Span> atomic_last_functions(const project::Project& project) {
  std::vector<Span> spans;
  for (const migrations::PythonFunction& function : migrations::python_functions(project)) {
    if (function.migration->atomic || !function.operation->atomic.value_or(false)) continue;
    std::vector<const mig::Operation*> operations;
    database_operations(function.migration->operations, operations);
    if (operations.empty()) continue;
    const mig::Operation* last = function.reverse ? operations.front() : operations.back();
    if (last != function.operation) continue;
    spans.push_back(
        django::node_span(*function.module->source, function.module->file, *function.function));
  }
  return spans;
}

void check(const project::Project& project, Findings& out) {
  const std::vector<Span> atomic_last = atomic_last_functions(project);
  const auto in_atomic_last = [&](const Span& span) {
    for (const Span& function : atomic_last) {
      if (function.file == span.file && function.begin <= span.begin && span.end <= function.end) {
        return true;
      }
    }
    return false;
  };
  // Objects dropped with IF EXISTS so far, per migration and direction.
  std::map<std::pair<const mig::Migration*, bool>, std::set<std::string>> dropped;
  std::set<std::pair<FileId, std::uint32_t>> reported;
  for (const migrations::SqlSite& site : migrations::sql_sites(project)) {
    if (site.migration->atomic) continue;
    const bool reverse = site.where == "RunSQL reverse_sql";
    std::set<std::string>& drops = dropped[{site.migration, reverse}];
    const std::vector<sql::Statement>& statements = site.sql.parsed.statements;
    const bool last_site =
        site.sql.expression != nullptr && site.sql.expression == last_sql(*site.migration, reverse);
    for (std::size_t i = 0; i < statements.size(); ++i) {
      const sql::Statement& statement = statements[i];
      const std::optional<Hazard> found = hazard(statement, site.sql, drops);
      record_drops(statement, drops);
      if (!found) continue;
      const bool runs_last = last_site && i + 1 == statements.size();
      const bool leaves_invalid_index = statement.node == "IndexStmt" && statement.concurrently;
      if (runs_last && !leaves_invalid_index) continue;
      const Span span = site.sql.span(*site.module, statement.begin, statement.end);
      if (!leaves_invalid_index && site.where.starts_with("RunPython") && in_atomic_last(span)) {
        continue;
      }
      if (!reported.emplace(span.file, span.begin).second) continue;
      const std::string why =
          leaves_invalid_index
              ? "a `CREATE INDEX CONCURRENTLY` that fails (a duplicate key, a deadlock, a "
                "timeout) leaves an INVALID index of that name behind, and the migration is not "
                "recorded"
              : "each statement commits on its own, so when anything after this one fails, its "
                "work stays and the migration is not recorded";
      out.add(kNonIdempotentDdl, span)
          .message(fmt::format(
              "`{}` in {} of migration `{}` (atomic = False) cannot run twice: {}; the next "
              "`migrate` runs it again and PostgreSQL refuses it with {} ({}): {}; {}",
              statement.description, site.where, site.migration->label(), why, found->error,
              found->sqlstate, found->message, found->fix))
          .predicts(fmt::format("django.db.utils.ProgrammingError: {}", found->message));
    }
  }
}

PREFLIGHT_RULE(kNonIdempotentDdl, check);

}  // namespace
}  // namespace preflight::rules
