// PF217: the migration state and the database name a table or an index differently.
#include <fmt/format.h>

#include <string>

#include "django/migrations/state.h"
#include "rules/registry.h"

namespace preflight::rules {
namespace {

namespace mig = django::migrations;

constexpr RuleInfo kStateDatabaseDivergence{
    .code = "PF217",
    .name = "state-database-divergence",
    .family = Family::Migrations,
    .severity = Severity::Warning,
    .summary = "the migration state and the database call a table or index by different names",
    .explanation = R"md(
## What it finds

A migration that changes the state and the database differently: a `SeparateDatabaseAndState`
whose `state_operations` and `database_operations` do not do the same thing, a `RunSQL` that
renames or creates a table or index without `state_operations` saying so, or a no-op standing in
for an operation. preflight replays the migrations into the state and into the database (the
SQL parsed by PostgreSQL's parser) and compares the table and index names after the last one.

## What fails in production

Nothing at first. Later, every operation Django generates from the state uses the state's name:
`RemoveIndex`, `RenameIndex`, `AlterModelTable`, `AlterField` that drops an index, a rename of the
model. They fail on the real database with `index "…" does not exist` (42704) or
`relation "…" does not exist` (42P01), often long after the migration that caused it, and the
generated index names drift (PF204).

## Example

```python
migrations.RunSQL(
    "ALTER INDEX shop_produc_name_0c5fc9_idx RENAME TO shop_product_name_idx",
    reverse_sql="ALTER INDEX shop_product_name_idx RENAME TO shop_produc_name_0c5fc9_idx",
)
```

## Fix

Give the `RunSQL` the matching `state_operations` (`RenameIndex` from Django 4.1; else
`RemoveIndex` + `AddIndex` with the new name in `state_operations`), or use the Django operation
instead of the SQL, so that the state and the database keep the same names.
)md"};

void check(const project::Project& project, Findings& out) {
  const mig::MigrationSet& set = project.migrations();
  const std::vector<mig::ProjectState>& states = project.migration_states();
  for (std::size_t i = 0; i < set.graphs.size() && i < states.size(); ++i) {
    if (!set.graphs[i].problems.empty()) continue;
    const mig::ProjectState& state = states[i];
    for (const mig::Divergence& divergence : state.renamed) {
      out.add(kStateDatabaseDivergence, divergence.span)
          .message(fmt::format("{}, since `{}`: later operations Django generates from the state "
                               "will name what the database does not have",
                               divergence.message,
                               divergence.migration ? divergence.migration->label() : "?"));
    }
  }
}

PREFLIGHT_RULE(kStateDatabaseDivergence, check);

}  // namespace
}  // namespace preflight::rules
