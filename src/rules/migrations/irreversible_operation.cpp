// PF216: a RunPython without reverse_code or a RunSQL without reverse_sql: the migration cannot be
// unapplied.
#include <fmt/format.h>

#include <string>
#include <vector>

#include "rules/migrations/migration_sql.h"
#include "rules/registry.h"

namespace preflight::rules {
namespace {

namespace mig = django::migrations;

constexpr RuleInfo kIrreversibleOperation{
    .code = "PF216",
    .name = "irreversible-migration-operation",
    .family = Family::Migrations,
    .severity = Severity::Info,
    .summary = "RunPython without reverse_code or RunSQL without reverse_sql: IrreversibleError",
    .explanation = R"md(
## What it finds

A `migrations.RunPython` without `reverse_code`, or a `migrations.RunSQL` without `reverse_sql`
(or with `None`), in a migration's `operations` or in the `database_operations` of a
`SeparateDatabaseAndState`. `reverse_code=migrations.RunPython.noop` and
`reverse_sql=migrations.RunSQL.noop` (or `""`, or any SQL) make the operation reversible, exactly
as Django's `reversible` property says (`reverse_code is not None`, `reverse_sql is not None`).
Operations whose arguments come through `*args`/`**kwargs` are not judged.

## What fails in production

Nothing, until a deploy has to be rolled back. Then `manage.py migrate app <previous migration>`
(or `migrate app zero`) stops when it reaches the migration, before it unapplies any of its
operations (later migrations that it unapplied first stay unapplied):

```
django.db.migrations.exceptions.IrreversibleError: Operation <RunPython <function
forwards at 0x7f…>> in shop.0002_fill_slugs is not reversible
```

Inside a `SeparateDatabaseAndState` the operation fails instead when it is reached, with
`NotImplementedError: You cannot reverse this operation`, after the operations unapplied before
it. The rollback plan — the previous release's code with the previous schema — is blocked until
someone writes the reverse migration under pressure, or fakes it.

**Severity: info.** The failure needs a rollback to happen, and an irreversible data migration is
often a deliberate choice; the finding is a reminder to make that choice explicit. Run with
`--fail-on info` to enforce it.

## Example

```python
migrations.RunPython(fill_slugs)
migrations.RunSQL("CREATE EXTENSION IF NOT EXISTS pg_trgm")
```

## Fix

Give the operation its reverse: a function or SQL that undoes it, or — when there is nothing to
undo, or undoing it is not wanted — the explicit no-op:

```python
migrations.RunPython(fill_slugs, reverse_code=migrations.RunPython.noop)
migrations.RunSQL("CREATE EXTENSION IF NOT EXISTS pg_trgm", reverse_sql=migrations.RunSQL.noop)
```
)md"};

void check_operations(const mig::Migration& migration,
                      const std::vector<mig::Operation>& operations, bool nested, Findings& out) {
  for (const mig::Operation& operation : operations) {
    if (operation.kind == mig::OperationKind::SeparateDatabaseAndState) {
      check_operations(migration, operation.database_operations, true, out);
      continue;
    }
    if (!operation.notes.empty()) continue;  // arguments preflight could not bind
    const bool python = operation.kind == mig::OperationKind::RunPython;
    const bool irreversible =
        (python && !operation.reverse_code) ||
        (operation.kind == mig::OperationKind::RunSQL && !operation.reverse_sql && operation.sql);
    if (!irreversible) continue;
    const std::string what =
        python ? "RunPython without reverse_code" : "RunSQL without reverse_sql";
    const std::string fix =
        python ? "reverse_code=migrations.RunPython.noop" : "reverse_sql=migrations.RunSQL.noop";
    // `migrate app <previous>`: the migration's dependency in its own app, else `zero`.
    std::string before = "zero";
    for (const mig::Dependency& dependency : migration.dependencies) {
      if (dependency.known && dependency.app_label == migration.app_label) before = dependency.name;
    }
    const std::string previous = fmt::format("`migrate {} {}`", migration.app_label, before);
    auto finding = out.add(kIrreversibleOperation, operation.span);
    if (nested) {
      finding
          .message(fmt::format(
              "{} inside SeparateDatabaseAndState: migration `{}` cannot be unapplied — {} fails "
              "with NotImplementedError (\"You cannot reverse this operation\") when it reaches "
              "it; give it a reverse, or `{}` when there is nothing to undo",
              what, migration.label(), previous, fix))
          .predicts("NotImplementedError: You cannot reverse this operation");
    } else {
      finding
          .message(fmt::format(
              "{}: migration `{}` cannot be unapplied — {} fails with IrreversibleError before "
              "it unapplies any of its operations; give it a reverse, or `{}` when there is "
              "nothing to undo",
              what, migration.label(), previous, fix))
          .predicts(fmt::format(
              "django.db.migrations.exceptions.IrreversibleError: Operation <{} …> in {} is not "
              "reversible",
              python ? "RunPython" : "RunSQL", migration.label()));
    }
  }
}

void check(const project::Project& project, Findings& out) {
  for (const mig::Migration& migration : project.migrations().migrations) {
    check_operations(migration, migration.operations, false, out);
  }
}

PREFLIGHT_RULE(kIrreversibleOperation, check);

}  // namespace
}  // namespace preflight::rules
