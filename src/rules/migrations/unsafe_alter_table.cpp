// PF215: ALTER TABLE in a migration's SQL that fails on a table with rows, or holds a lock that
// blocks the table's traffic while PostgreSQL scans, rewrites or indexes it.
#include <fmt/format.h>

#include <map>
#include <set>
#include <string>
#include <tuple>

#include "core/ascii.h"
#include "django/python_values.h"
#include "rules/migrations/migration_sql.h"
#include "rules/migrations/table_history.h"
#include "rules/registry.h"

namespace preflight::rules {
namespace {

namespace mig = django::migrations;

constexpr RuleInfo kUnsafeAlterTable{
    .code = "PF215",
    .name = "unsafe-alter-table",
    .family = Family::Migrations,
    .severity = Severity::Warning,
    .summary =
        "ALTER TABLE on an existing table that fails on its rows or locks it while "
        "PostgreSQL scans, rewrites or indexes it",
    .explanation = R"md(
## What it finds

`ALTER TABLE` in a migration's SQL (a `RunSQL` string, or literal SQL a `RunPython` function
executes) on a table that the same migration does not create — so the table may hold rows and take
traffic — with one of these subcommands:

| subcommand | what PostgreSQL 15 does |
|---|---|
| `ADD COLUMN … NOT NULL` without `DEFAULT` | fails on the first existing row: NotNullViolation (23502) |
| `ADD CONSTRAINT … FOREIGN KEY` without `NOT VALID` | checks every row under a SHARE ROW EXCLUSIVE lock on both tables: writes wait |
| `ADD CONSTRAINT … CHECK` without `NOT VALID` | checks every row under ACCESS EXCLUSIVE: reads and writes wait |
| `ADD PRIMARY KEY`/`UNIQUE` without `USING INDEX` | builds the index under ACCESS EXCLUSIVE: reads and writes wait |
| `ALTER COLUMN … TYPE` | ACCESS EXCLUSIVE, and a rewrite of the table and its indexes unless the change is binary coercible (`varchar(n)` to a longer `varchar` or to `text`, a wider `numeric` precision); preflight does not read the new type, so it reports every type change |
| `ALTER COLUMN … SET NOT NULL` | scans every row under ACCESS EXCLUSIVE; not reported when this migration or an earlier one runs `VALIDATE CONSTRAINT` on the table (the `CHECK (col IS NOT NULL)` path below; preflight does not read the check's expression) |

And Django's `AddConstraint` on a model the same migration does not create: a `CheckConstraint`
(PostgreSQL checks every row under ACCESS EXCLUSIVE) and a `UniqueConstraint` of `fields` only
(Django adds it with `ALTER TABLE … ADD CONSTRAINT … UNIQUE`: its index is built under ACCESS
EXCLUSIVE). A `UniqueConstraint` with a `condition`, expressions, `include` or `opclasses` is a
`CREATE UNIQUE INDEX` and is not reported here.

## What fails in production

`ADD COLUMN … NOT NULL` without a default passes on an empty development database and fails on
production's rows:

```
django.db.utils.IntegrityError: column "code" of relation "shop_product" contains null values
```

The others succeed, but hold their lock until the migration's transaction commits: for the length
of the scan, rewrite or index build every request that reads or writes the table waits (or, with a
`lock_timeout`, fails with `canceling statement due to lock timeout`).

## Example

```python
migrations.RunSQL("ALTER TABLE shop_product ALTER COLUMN price SET NOT NULL")
```

## Fix

- A new NOT NULL column: give it a constant `DEFAULT` (PostgreSQL 11+ adds it without a rewrite),
  or add it nullable, fill it, and make it NOT NULL as below.
- A constraint: add it `NOT VALID` (only new rows are checked, the lock is brief), then
  `ALTER TABLE … VALIDATE CONSTRAINT …` in a later migration (a SHARE UPDATE EXCLUSIVE lock:
  reads and writes go on).
- NOT NULL on an existing column (PostgreSQL 12+): `ADD CONSTRAINT c CHECK (col IS NOT NULL) NOT
  VALID`, then `VALIDATE CONSTRAINT c`, then `SET NOT NULL` (which uses the validated constraint
  instead of scanning) and `DROP CONSTRAINT c`.
- A primary key or unique constraint: `CREATE UNIQUE INDEX CONCURRENTLY` in a non-atomic migration,
  then `ADD CONSTRAINT … UNIQUE USING INDEX …`.
- A type change that rewrites: add a column of the new type, fill it in batches, and switch to it.
- `AddConstraint(CheckConstraint)`: `AddConstraintNotValid` then, in a later migration,
  `ValidateConstraint` (`django.contrib.postgres.operations`, Django 4.0+); before 4.0 the same in
  `RunSQL` with `state_operations=[AddConstraint(…)]`.
- `AddConstraint(UniqueConstraint)`: in a non-atomic migration, `SeparateDatabaseAndState` whose
  database operations are `CREATE UNIQUE INDEX CONCURRENTLY` and `ADD CONSTRAINT … UNIQUE USING
  INDEX`, and whose state operation is the `AddConstraint`.
)md"};

struct Hazard {
  std::string message;
  std::string predicts;
  std::string snippet;  // the safe form: migration operations, in Python, on one line
};

std::string run_sql(std::string_view sql) {
  return fmt::format("migrations.RunSQL({})", migrations::python_string(sql));
}

std::string lock_prediction(std::string_view who, const std::string& table) {
  return fmt::format(
      "{} {} wait until the migration commits (with a lock_timeout: "
      "django.db.utils.OperationalError: canceling statement due to lock timeout)",
      who, table);
}

std::optional<Hazard> hazard_of(const sql::AlterTableCommand& command, const std::string& table,
                                std::string_view text, bool single_command, bool validated) {
  using sql::AlterKind;
  const std::string name = command.name.empty() ? "…" : command.name;
  switch (command.kind) {
    case AlterKind::add_column:
      if (!command.not_null || command.has_default) return std::nullopt;
      return Hazard{
          fmt::format(
              "adds column `{}` NOT NULL without a DEFAULT: on a table with rows PostgreSQL "
              "fails with NotNullViolation (23502), because every existing row would hold "
              "NULL; give it a constant DEFAULT (no rewrite since PostgreSQL 11), or add it "
              "nullable, fill it, then set NOT NULL",
              name),
          fmt::format("django.db.utils.IntegrityError: column \"{}\" of relation \"{}\" contains "
                      "null values",
                      name, table),
          run_sql(fmt::format("ALTER TABLE {} ADD COLUMN {} … NOT NULL DEFAULT …", table, name))};
    case AlterKind::add_constraint: {
      const std::string& type = command.constraint_type;
      if ((type == "FOREIGN" || type == "CHECK") && !command.not_valid) {
        const bool foreign = type == "FOREIGN";
        const std::string added =
            single_command
                ? std::string(text) + " NOT VALID"
                : fmt::format("ALTER TABLE {} ADD CONSTRAINT {} … NOT VALID", table, name);
        return Hazard{
            fmt::format(
                "adds {} constraint `{}` without NOT VALID: PostgreSQL checks every existing row "
                "under {}, so {} `{}` wait for the whole scan; add it NOT VALID, then validate it "
                "in a later migration (VALIDATE takes a SHARE UPDATE EXCLUSIVE lock: reads and "
                "writes go on)",
                foreign ? "FOREIGN KEY" : "CHECK", name,
                foreign ? "a SHARE ROW EXCLUSIVE lock on both tables" : "an ACCESS EXCLUSIVE lock",
                foreign ? "writes to" : "reads and writes of", table),
            lock_prediction(foreign ? "writes to" : "reads and writes of", table),
            fmt::format(
                "{}, then in a later migration {}", run_sql(added),
                run_sql(fmt::format("ALTER TABLE {} VALIDATE CONSTRAINT {}", table, name)))};
      }
      if ((type == "PRIMARY" || type == "UNIQUE") && !command.using_index) {
        const std::string kind = type == "PRIMARY" ? "PRIMARY KEY" : "UNIQUE";
        return Hazard{
            fmt::format("adds {} constraint `{}` without USING INDEX: PostgreSQL builds its index "
                        "under an ACCESS EXCLUSIVE lock, so reads and writes of `{}` wait for the "
                        "whole build; build the index with CREATE UNIQUE INDEX CONCURRENTLY in a "
                        "non-atomic migration, then add the constraint USING INDEX",
                        kind, name, table),
            lock_prediction("reads and writes of", table),
            fmt::format(
                "{} in a migration with `atomic = False`, then {}",
                run_sql(fmt::format("CREATE UNIQUE INDEX CONCURRENTLY {} ON {} (…)", name, table)),
                run_sql(fmt::format("ALTER TABLE {} ADD CONSTRAINT {} {} USING INDEX {}", table,
                                    name, kind, name)))};
      }
      return std::nullopt;
    }
    case AlterKind::alter_column_type:
      return Hazard{
          fmt::format("changes the type of column `{}`: PostgreSQL holds an ACCESS EXCLUSIVE lock "
                      "and rewrites `{}` and its indexes, so reads and writes wait for the rewrite "
                      "— unless the change is binary coercible (varchar(n) to a longer varchar or "
                      "to text, a wider numeric); add a column of the new type, fill it in "
                      "batches, and switch to it",
                      name, table),
          lock_prediction("reads and writes of", table) + "; the table is rewritten",
          fmt::format(
              "{}, then fill new_{} in batches and switch to it",
              run_sql(fmt::format("ALTER TABLE {} ADD COLUMN new_{} <new type>", table, name)),
              name)};
    case AlterKind::set_not_null: {
      if (validated) return std::nullopt;
      const std::string check = fmt::format("{}_{}_not_null", table, name);
      return Hazard{
          fmt::format("sets column `{}` NOT NULL: PostgreSQL scans every row of `{}` under an "
                      "ACCESS EXCLUSIVE lock, so reads and writes wait for the scan; on "
                      "PostgreSQL 12+ add a CHECK ({} IS NOT NULL) NOT VALID constraint, validate "
                      "it in a later migration, then SET NOT NULL (no scan) and drop the check",
                      name, table, name),
          lock_prediction("reads and writes of", table),
          fmt::format(
              "{}, then in a later migration {}, {}, {}",
              run_sql(fmt::format("ALTER TABLE {} ADD CONSTRAINT {} CHECK ({} IS NOT NULL) "
                                  "NOT VALID",
                                  table, check, name)),
              run_sql(fmt::format("ALTER TABLE {} VALIDATE CONSTRAINT {}", table, check)),
              run_sql(fmt::format("ALTER TABLE {} ALTER COLUMN {} SET NOT NULL", table, name)),
              run_sql(fmt::format("ALTER TABLE {} DROP CONSTRAINT {}", table, check)))};
    }
    default:
      return std::nullopt;
  }
}

// The name a call's function is written as, without its module: `CheckConstraint`.
std::string_view called_name(const python::Node& call) {
  const python::Node* function = call.get("func").node;
  if (function && function->kind == python::Kind::Attribute) return function->get("attr").text;
  return django::name_id(function);
}

// An AddConstraint whose lock blocks reads and writes of `table`, with its safe form.
void report_constraint(Findings& out, const mig::Operation& operation, const std::string& message,
                       const std::string& table, const std::string& safe) {
  Fix fix;
  fix.message = "the safe form: " + safe;
  out.add(kUnsafeAlterTable, operation.span)
      .message(fmt::format("{}: {}", message, safe))
      .predicts(lock_prediction("reads and writes of", table))
      .fix(std::move(fix));
}

// Django's AddConstraint of a CheckConstraint, or of a UniqueConstraint that Django 3.2+ adds with
// ALTER TABLE … ADD CONSTRAINT … UNIQUE (fields only: no condition, expressions, include or
// opclasses, which make it a CREATE UNIQUE INDEX), on a model of an earlier migration.
void check_add_constraint(const project::Project& project, const mig::Migration& migration,
                          const std::set<std::string>& created, const mig::Operation& operation,
                          Findings& out) {
  const auto model = operation.string_argument("model_name");
  const mig::Argument* constraint = operation.argument("constraint");
  if (!model || !constraint || created.count(ascii_lower(*model))) return;
  const python::Node& call = *constraint->value;
  if (call.kind != python::Kind::Call) return;
  const std::string_view kind = called_name(call);
  const auto name = django::string_value(django::keyword_argument(call, "name"));
  if (!name) return;
  const std::string table = migrations::model_table(project, migration, *model);
  const django::DjangoVersion target = project.model_options().django_version;
  if (kind == "CheckConstraint") {
    const bool operations = target >= django::DjangoVersion{4, 0};
    const std::string safe =
        operations ? fmt::format(
                         "`AddConstraintNotValid(model_name={}, constraint=…)` here and "
                         "`ValidateConstraint(model_name={}, name={})` in a later migration "
                         "(django.contrib.postgres.operations, Django 4.0+)",
                         migrations::python_string(*model), migrations::python_string(*model),
                         migrations::python_string(*name))
                   : fmt::format(
                         "`migrations.RunSQL(\"ALTER TABLE {} ADD CONSTRAINT {} CHECK (…) NOT "
                         "VALID\", state_operations=[<this AddConstraint>])` here and "
                         "`migrations.RunSQL(\"ALTER TABLE {} VALIDATE CONSTRAINT {}\")` in a "
                         "later migration (Django {}.{} has no AddConstraintNotValid)",
                         table, *name, table, *name, target.major, target.minor);
    report_constraint(
        out, operation,
        fmt::format("`AddConstraint` adds CHECK constraint `{}` to `{}`, a table an "
                    "earlier migration created: Django runs ALTER TABLE … ADD "
                    "CONSTRAINT … CHECK, and PostgreSQL checks every existing row "
                    "under an ACCESS EXCLUSIVE lock, so reads and writes of `{}` wait "
                    "for the scan; add it NOT VALID and validate it later",
                    *name, table, table),
        table, safe);
    return;
  }
  if (kind != "UniqueConstraint" || !django::positional_arguments(call).empty()) return;
  for (const std::string_view option : {"condition", "expressions", "include", "opclasses"}) {
    if (django::keyword_argument(call, option)) return;
  }
  const auto fields = django::string_list(django::keyword_argument(call, "fields"));
  std::string columns = "…";
  if (fields && !fields->empty()) {
    columns.clear();
    for (const std::string& field : *fields) columns += (columns.empty() ? "" : ", ") + field;
  }
  const std::string safe = fmt::format(
      "in a non-atomic migration, `migrations.SeparateDatabaseAndState(database_operations=["
      "migrations.RunSQL(\"CREATE UNIQUE INDEX CONCURRENTLY {} ON {} ({})\"), "
      "migrations.RunSQL(\"ALTER TABLE {} ADD CONSTRAINT {} UNIQUE USING INDEX {}\")], "
      "state_operations=[<this AddConstraint>])`",
      *name, table, columns, table, *name, *name);
  report_constraint(out, operation,
                    fmt::format("`AddConstraint` adds UNIQUE constraint `{}` to `{}`, a table an "
                                "earlier migration created: Django runs ALTER TABLE … ADD "
                                "CONSTRAINT … UNIQUE, and PostgreSQL builds its index under an "
                                "ACCESS EXCLUSIVE lock, so reads and writes of `{}` wait for the "
                                "whole build; build the index concurrently and attach it",
                                *name, table, table),
                    table, safe);
}

void check(const project::Project& project, Findings& out) {
  for (const mig::Migration& migration : project.migrations().migrations) {
    const std::set<std::string> models = migrations::models_created(migration);
    migrations::each_database_operation(migration.operations, [&](const mig::Operation& operation) {
      if (operation.kind == mig::OperationKind::AddConstraint) {
        check_add_constraint(project, migration, models, operation, out);
      }
    });
  }
  const migrations::CreatedTables created = migrations::tables_created(project);
  const std::vector<migrations::SqlSite> sites = migrations::sql_sites(project);
  // Where each migration stands in the project's list (by app, then name).
  std::map<const mig::Migration*, std::size_t> order;
  for (const mig::Migration& migration : project.migrations().migrations) {
    order.emplace(&migration, order.size());
  }
  // Tables whose constraints a migration validates: SET NOT NULL after it may use a validated
  // CHECK (col IS NOT NULL) instead of scanning.
  std::map<std::string, std::size_t> first_validation;
  for (const migrations::SqlSite& site : sites) {
    for (const sql::Statement& statement : site.sql.parsed.statements) {
      if (statement.node != "AlterTableStmt" || !statement.relation) continue;
      for (const sql::AlterTableCommand& command : statement.alter_commands) {
        if (command.kind != sql::AlterKind::validate_constraint) continue;
        const std::string table = migrations::normal_table_name(*statement.relation);
        const std::size_t at = order[site.migration];
        auto [it, inserted] = first_validation.emplace(table, at);
        if (!inserted && at < it->second) it->second = at;
      }
    }
  }
  std::set<std::tuple<FileId, std::uint32_t, std::size_t>> seen;
  for (const migrations::SqlSite& site : sites) {
    const mig::Migration& migration = *site.migration;
    for (const sql::Statement& statement : site.sql.parsed.statements) {
      if (statement.node != "AlterTableStmt" || !statement.relation) continue;
      const std::string table = migrations::normal_table_name(*statement.relation);
      if (created.at(&migration).count(table)) continue;
      const auto validation = first_validation.find(table);
      const bool validated =
          validation != first_validation.end() && validation->second <= order[&migration];
      const std::string text =
          site.sql.text.text.substr(statement.begin, statement.end - statement.begin);
      const Span span = site.sql.span(*site.module, statement.begin, statement.end);
      for (std::size_t i = 0; i < statement.alter_commands.size(); ++i) {
        const auto hazard = hazard_of(statement.alter_commands[i], table, text,
                                      statement.alter_commands.size() == 1, validated);
        if (!hazard || !seen.emplace(span.file, span.begin, i).second) continue;
        Fix fix;
        fix.message = fmt::format("the safe form: {}", hazard->snippet);
        out.add(kUnsafeAlterTable, span)
            .message(fmt::format("`ALTER TABLE {}` in {} of migration `{}` {}", table, site.where,
                                 migration.label(), hazard->message))
            .predicts(hazard->predicts)
            .fix(std::move(fix));
      }
    }
  }
}

PREFLIGHT_RULE(kUnsafeAlterTable, check);

}  // namespace
}  // namespace preflight::rules
