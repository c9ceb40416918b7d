// PF205: the migrations and the database disagree on columns: an operation fails on the
// database the earlier migrations left, or a column exists on one side only.
#include <fmt/format.h>

#include <string>

#include "django/migrations/state.h"
#include "rules/registry.h"

namespace preflight::rules {
namespace {

namespace mig = django::migrations;

constexpr RuleInfo kDatabaseStateConflict{
    .code = "PF205",
    .name = "migration-conflicts-with-database",
    .family = Family::Migrations,
    .severity = Severity::Error,
    .summary = "a migration operation meets a database the state does not describe",
    .explanation = R"md(
## What it finds

preflight replays the migrations twice: into the state Django believes (what `makemigrations`
and the operations see) and into the database they produce (operations that reach the database:
`SeparateDatabaseAndState`'s `database_operations`, and the DDL of `RunSQL` and of literal
`cursor.execute(...)` calls in `RunPython`, parsed by PostgreSQL's parser). It reports:

- an operation that fails on the database the earlier migrations left: `AddField` of a column
  raw SQL already added (42701 `column … already exists`), `AddIndex` of an index that exists
  (42P07), `RemoveField`/`RemoveIndex`/`RenameIndex` of what the database no longer has (42703,
  42704);
- after the last migration, a column one side has and the other lacks: the code then reads or
  writes a column that is not there.

## What fails in production

`migrate` stops at the operation with `django.db.utils.ProgrammingError: column "…" of relation
"…" already exists` (or does not exist), or the application fails at the first query that uses
the column: `ProgrammingError: column … does not exist`.

## Example

```python
operations = [
    migrations.RunSQL("ALTER TABLE shop_product ADD COLUMN sku varchar(20)"),
]
# a later migration
operations = [
    migrations.AddField("product", "sku", models.CharField(max_length=20, null=True)),
]
```

## Fix

Tell the state what the SQL did: give the `RunSQL` a `state_operations=[migrations.AddField(...)]`
(or wrap it in `SeparateDatabaseAndState`), and drop the later `AddField`; or replace the raw SQL
with the Django operation.
)md"};

void check(const project::Project& project, Findings& out) {
  const mig::MigrationSet& set = project.migrations();
  const std::vector<mig::ProjectState>& states = project.migration_states();
  for (std::size_t i = 0; i < set.graphs.size() && i < states.size(); ++i) {
    if (!set.graphs[i].problems.empty()) continue;
    const mig::ProjectState& state = states[i];
    for (const mig::Divergence& failing : state.failing) {
      out.add(kDatabaseStateConflict, failing.span)
          .message(
              fmt::format("{} in migration `{}`: PostgreSQL refuses it ({}), and migrate stops",
                          failing.message, failing.migration->label(), failing.sqlstate))
          .predicts(fmt::format("migrate fails with SQLSTATE {}", failing.sqlstate));
    }
    for (const mig::Divergence& divergence : mig::database_divergences(state)) {
      if (divergence.kind != mig::Divergence::Kind::MissingColumn &&
          divergence.kind != mig::Divergence::Kind::ExtraColumn) {
        continue;
      }
      out.add(kDatabaseStateConflict, divergence.span)
          .message(fmt::format("{} (after `{}`)", divergence.message,
                               divergence.migration ? divergence.migration->label() : "?"));
    }
  }
}

PREFLIGHT_RULE(kDatabaseStateConflict, check);

}  // namespace
}  // namespace preflight::rules
