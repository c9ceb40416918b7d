// PF211: raw DDL in a migration that PostgreSQL runs only for the owner of its objects.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <set>
#include <string>
#include <vector>

#include "rules/migrations/migration_sql.h"
#include "rules/registry.h"

namespace preflight::rules {
namespace {

constexpr RuleInfo kDdlNeedsOwnership{
    .code = "PF211",
    .name = "ddl-needs-ownership",
    .family = Family::Migrations,
    .severity = Severity::Warning,
    .summary = "raw DDL that only the owner of the object may run: InsufficientPrivilege",
    .explanation = R"md(
## What it finds

SQL in a migration — a `RunSQL` string, or literal SQL that a `RunPython` function passes to
`cursor.execute` or `schema_editor.execute` (f-strings included) — that PostgreSQL runs only for
the owner of the object it changes: `ALTER TABLE`/`ALTER INDEX` (rename, `SET`, `OWNER TO`, any
subcommand), `CREATE INDEX` on a table, every `DROP`, `COMMENT ON`, `ALTER TYPE`, `REINDEX`,
`CLUSTER`, `REFRESH MATERIALIZED VIEW`, `CREATE OR REPLACE` of an existing view or function.
Privileges granted on the object are not enough. Which statements need ownership was checked by
running each one on PostgreSQL 15 as a role that holds every privilege but owns nothing. A
statement on a table (index, view, sequence) that the same migration's SQL creates — altered
after it is created, dropped by `reverse_sql`, or dropped `IF EXISTS` before it is created again
— is not reported: the role that runs `migrate` owns what it creates.

## What fails in production

When the role that runs `migrate` in production does not own the object — it was created by
another role, by hand, by a restored dump, or by an earlier deploy that ran as a superuser —
PostgreSQL refuses the statement:

```
psycopg2.errors.InsufficientPrivilege: must be owner of index tenants_dom_domain_6df599_idx
django.db.utils.ProgrammingError: must be owner of index tenants_dom_domain_6df599_idx
```

The migration fails (or, if the error is caught without a savepoint, the transaction is aborted:
PF210). The same migration passes on every developer machine, where one role owns everything.

## Example

```python
migrations.RunSQL("ALTER INDEX shop_product_name_idx RENAME TO shop_product_title_idx")
```

## Fix

Make sure the deploy role owns the objects before the deploy (as their owner:
`ALTER INDEX … OWNER TO deploy_role`, or `REASSIGN OWNED BY old_role TO deploy_role`), and run
migrations always as that role. Where Django has an operation for the change (`RenameIndex` from
4.1, `AlterModelTable`, `RemoveIndex`/`AddIndex`), prefer it: its state and the database then
agree. `preflight db` compares ownership with the live catalog.
)md"};

// A relation the migration's own SQL creates: the role running `migrate` owns it.
std::string relation_key(const django::migrations::Migration* migration, const std::string& name) {
  std::string key = fmt::format("{}|", static_cast<const void*>(migration));
  for (const char c : name) key += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return key;
}

void check(const project::Project& project, Findings& out) {
  std::set<std::pair<FileId, std::uint32_t>> reported;
  const std::vector<migrations::SqlSite> sites = migrations::sql_sites(project);
  std::set<std::string> created;  // relation_key of the relations each migration creates
  for (const migrations::SqlSite& site : sites) {
    for (const sql::Statement& statement : site.sql.parsed.statements) {
      if (statement.created && !statement.or_replace) {
        created.insert(relation_key(site.migration, statement.created->name));
      }
    }
  }
  for (const migrations::SqlSite& site : sites) {
    for (const sql::Statement& statement : site.sql.parsed.statements) {
      if (!statement.needs_ownership) continue;
      const auto created_here = [&](const std::string& name) {
        return created.count(relation_key(site.migration, name)) > 0;
      };
      // A column, constraint or trigger is the relation's ("shop_tag.name").
      const bool own =
          (statement.relation && created_here(*statement.relation)) ||
          (!statement.targets.empty() &&
           std::all_of(statement.targets.begin(), statement.targets.end(),
                       [&](const sql::ObjectRef& target) { return created_here(target.name); }));
      if (own) continue;
      const Span span = site.sql.span(*site.module, statement.begin, statement.end);
      if (!reported.emplace(span.file, span.begin).second) continue;
      std::string objects;
      std::string first;
      for (const sql::ObjectRef& target : statement.targets) {
        const std::string named =
            fmt::format("{} `{}`", target.kind, site.sql.display(target.name));
        objects += (objects.empty() ? "" : ", ") + named;
        if (first.empty()) first = fmt::format("{} {}", target.kind, site.sql.display(target.name));
      }
      if (objects.empty()) objects = "its objects";
      out.add(kDdlNeedsOwnership, span)
          .message(fmt::format(
              "`{}` in {} of migration `{}` needs ownership of {}: PostgreSQL refuses it with "
              "InsufficientPrivilege (42501) unless the role that runs `migrate` owns {} (or is "
              "a superuser); granted privileges are not enough",
              statement.description, site.where, site.migration->label(), objects,
              statement.targets.size() > 1 ? "them" : "it"))
          .predicts(fmt::format("django.db.utils.ProgrammingError: must be owner of {}",
                                first.empty() ? "…" : first));
    }
  }
}

PREFLIGHT_RULE(kDdlNeedsOwnership, check);

}  // namespace
}  // namespace preflight::rules
