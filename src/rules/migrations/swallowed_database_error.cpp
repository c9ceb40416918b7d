// PF210: a database error caught inside a migration's transaction without a savepoint.
#include <fmt/format.h>

#include <set>
#include <string>

#include "django/python_values.h"
#include "rules/migrations/migration_sql.h"
#include "rules/registry.h"

namespace preflight::rules {
namespace {

constexpr RuleInfo kSwallowedDatabaseError{
    .code = "PF210",
    .name = "swallowed-database-error-in-transaction",
    .family = Family::Migrations,
    .severity = Severity::Error,
    .summary = "a database error caught inside the migration's transaction: InFailedSqlTransaction",
    .explanation = R"md(
## What it finds

A `try`/`except` in a `RunPython` function of an atomic migration (the default on PostgreSQL)
around `cursor.execute`/`schema_editor.execute`, whose handler catches database errors (`except
Exception`, `IntegrityError`, `ProgrammingError`, `DatabaseError`, psycopg2's errors, a bare
`except`) and goes on, with no savepoint between the `try` and the statement
(`with transaction.atomic():` inside the `try`), no re-raise and no `savepoint_rollback`.

## What fails in production

On PostgreSQL a failed statement aborts the whole transaction. The handler hides the error, but
every later statement of the migration's transaction fails with

```
psycopg2.errors.InFailedSqlTransaction: current transaction is aborted, commands ignored until end of transaction block
django.db.utils.InternalError: current transaction is aborted, commands ignored until end of transaction block
```

— the next iteration of the loop, the next `execute`, and at the latest Django's own `INSERT INTO
django_migrations` that records the migration. `migrate` then dies with that error, and the
original one (a 42501 from PF211, a 23505 unique violation, …) appears only in whatever the
handler printed.

## Example

```python
for old, new in RENAMES:
    try:
        cursor.execute(f'ALTER INDEX "{old}" RENAME TO "{new}"')
    except Exception as exc:
        print(f"could not rename {old}: {exc}")
```

## Fix

Open a savepoint around the statement inside the `try`, so that only the statement is rolled
back:

```python
from django.db import transaction

for old, new in RENAMES:
    try:
        with transaction.atomic():
            cursor.execute(f'ALTER INDEX "{old}" RENAME TO "{new}"')
    except Exception as exc:
        print(f"could not rename {old}: {exc}")
```

Or let the error stop the migration; or set `atomic = False` on the migration when each statement
may commit on its own.
)md"};

std::string line_of(const django::ModuleSource& module, const python::Node& node) {
  return fmt::format("line {}", django::node_span(*module.source, module.file, node).start.line);
}

void check(const project::Project& project, Findings& out) {
  std::set<const python::Node*> seen;
  for (const migrations::PythonFunction& function : migrations::python_functions(project)) {
    if (!function.atomic || !seen.insert(function.function).second) continue;
    const django::migrations::FunctionDatabaseUse use =
        django::migrations::database_use(*function.function, *function.module);
    const django::ModuleSource& module = *function.module;
    for (const django::migrations::SwallowedError& swallowed : use.swallowed) {
      std::string next;
      if (swallowed.next && swallowed.next_in_loop) {
        next = fmt::format("the `execute` of the loop's next iteration ({})",
                           line_of(module, *swallowed.next));
      } else if (swallowed.next) {
        next = fmt::format("the next `execute` ({})", line_of(module, *swallowed.next));
      } else {
        next = "Django's INSERT INTO django_migrations that records the migration";
      }
      const Span handler = django::node_span(*module.source, module.file, *swallowed.handler);
      auto finding = out.add(kSwallowedDatabaseError,
                             module.source->span(module.file, handler.begin, handler.begin + 6));
      finding
          .message(fmt::format(
              "this `except` catches a database error inside the transaction of migration `{}` "
              "(atomic, PostgreSQL) with no savepoint: PostgreSQL has aborted the transaction, so "
              "{} fails with InFailedSqlTransaction (25P02), and so does everything after it; "
              "put `with transaction.atomic():` around the statement inside the `try`",
              function.migration->label(), next))
          .related(django::node_span(*module.source, module.file, *swallowed.failing),
                   "the statement whose error is caught")
          .predicts(
              "django.db.utils.InternalError: current transaction is aborted, commands ignored "
              "until end of transaction block");
      if (swallowed.next && swallowed.next != swallowed.failing) {
        finding.related(django::node_span(*module.source, module.file, *swallowed.next),
                        "runs in the aborted transaction: InFailedSqlTransaction");
      }
    }
  }
}

PREFLIGHT_RULE(kSwallowedDatabaseError, check);

}  // namespace
}  // namespace preflight::rules
