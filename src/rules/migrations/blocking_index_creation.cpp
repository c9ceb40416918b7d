// PF214: an index built on an existing table under a lock that blocks its writes, and a concurrent
// index operation inside a migration's transaction.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <set>
#include <string>
#include <utility>

#include "core/ascii.h"
#include "django/python_values.h"
#include "rules/migrations/migration_sql.h"
#include "rules/migrations/table_history.h"
#include "rules/registry.h"

namespace preflight::rules {
namespace {

namespace mig = django::migrations;

constexpr RuleInfo kBlockingIndexCreation{
    .code = "PF214",
    .name = "blocking-index-creation",
    .family = Family::Migrations,
    .severity = Severity::Warning,
    .summary =
        "an index built on an existing table while its writes wait, or a concurrent index "
        "operation inside the migration's transaction",
    .explanation = R"md(
## What it finds

A warning for an index that a migration builds on a table an earlier migration created (so the
table may hold many rows and take traffic), with a lock that blocks writes:

- `AddIndex` on a model that the same migration does not create;
- `AddField` of a field with `db_index=True`, `unique=True`, or a `ForeignKey`/`OneToOneField`
  (Django indexes those unless `db_index=False`);
- `CREATE INDEX` without `CONCURRENTLY` in SQL (`RunSQL`, or literal SQL a `RunPython` function
  executes) on a table that the same migration does not create.

An error for `AddIndexConcurrently`/`RemoveIndexConcurrently`, or SQL with `CREATE INDEX
CONCURRENTLY`, `DROP INDEX CONCURRENTLY` or `REINDEX … CONCURRENTLY`, that runs inside a
transaction: in an atomic migration (the default; `RunPython(atomic=False)` does not leave its
transaction: Django honours that flag only in a non-atomic migration), or in a
`RunPython(atomic=True)` of a non-atomic one.

## What fails in production

`CREATE INDEX` holds a SHARE lock on the table until the migration's transaction commits: reads go
on, but every `INSERT`, `UPDATE` and `DELETE` waits until the whole index is built — minutes on a
large table, and the requests that write queue up behind it. A unique field added with `AddField`
is worse: PostgreSQL builds its index under `ALTER TABLE`'s ACCESS EXCLUSIVE lock, which blocks
reads too. With a `lock_timeout` the writers fail instead:

```
django.db.utils.OperationalError: canceling statement due to lock timeout
```

A concurrent build inside a transaction never starts. Django 3.2's `AddIndexConcurrently` and
`RemoveIndexConcurrently` check first and raise, before any SQL runs:

```
django.db.utils.NotSupportedError: The AddIndexConcurrently operation cannot be executed inside a transaction (set atomic = False on the migration).
```

and PostgreSQL refuses the SQL forms with ActiveSqlTransaction (SQLSTATE 25001):

```
django.db.utils.InternalError: CREATE INDEX CONCURRENTLY cannot run inside a transaction block
```

## Example

```python
class Migration(migrations.Migration):
    dependencies = [("shop", "0001_initial")]

    operations = [
        migrations.AddIndex(
            model_name="product",
            index=models.Index(fields=["sku"], name="shop_product_sku_idx"),
        ),
    ]
```

## Fix

Build the index concurrently, in a migration of its own that is not atomic (Django 3.0+):

```python
from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("shop", "0001_initial")]

    operations = [
        AddIndexConcurrently(
            model_name="product",
            index=models.Index(fields=["sku"], name="shop_product_sku_idx"),
        ),
    ]
```

In SQL: `CREATE INDEX CONCURRENTLY` in a `RunSQL` of a non-atomic migration (with `reverse_sql=
"DROP INDEX CONCURRENTLY IF EXISTS …"`). For a field, add it with `db_index=False` and build the
index as above. A concurrent build that fails leaves an INVALID index behind: drop it and run the
migration again. An index on a table the same migration creates is not reported: the table is
new and empty.
)md"};

std::string_view source_text(const django::ModuleSource& module, const Span& span) {
  return std::string_view(module.source->text()).substr(span.begin, span.end - span.begin);
}

const django::ModuleSource* module_of_file(const project::Project& project, FileId file) {
  for (const django::ModuleSource& module : project.module_sources()) {
    if (module.file == file) return &module;
  }
  return nullptr;
}

// A new non-atomic migration after the app's last one, running `operation` (Python source).
// A new file's path is relative to the project root (NewFile), as the migration's own path.
NewFile concurrent_migration(const project::Project& project, const mig::Migration& migration,
                             std::string_view imports, std::string_view operation,
                             std::string_view slug) {
  const migrations::NextMigration next = migrations::next_migration(project, migration);
  const std::size_t slash = migration.path.rfind('/');
  const std::string folder = slash == std::string::npos ? "" : migration.path.substr(0, slash + 1);
  NewFile file;
  file.path = fmt::format("{}{}_{}.py", folder, next.number, slug);
  file.content = fmt::format(
      "{}\n\n\nclass Migration(migrations.Migration):\n"
      "    atomic = False\n\n"
      "    dependencies = [(\"{}\", \"{}\")]\n\n"
      "    operations = [\n        {},\n    ]\n",
      imports, migration.app_label, next.depends_on, operation);
  return file;
}

// `atomic = False` for the migration's class: its `atomic = …` assignment rewritten, or a new line
// before the first statement of the class body.
std::optional<TextEdit> not_atomic_edit(const django::ModuleSource& module,
                                        const mig::Migration& migration) {
  if (!migration.class_node) return std::nullopt;
  const auto body = django::list_field(*migration.class_node, "body");
  for (const python::Node* statement : body) {
    if (statement->kind != python::Kind::Assign) continue;
    const auto targets = django::list_field(*statement, "targets");
    if (targets.size() == 1 && django::name_id(targets[0]) == "atomic") {
      return TextEdit{django::node_span(*module.source, module.file, *statement->get("value").node),
                      "False"};
    }
  }
  const python::Node* first = nullptr;
  for (const python::Node* statement : body) {
    // After the docstring, if any.
    if (statement->kind == python::Kind::Expr &&
        django::string_value(statement->get("value").node)) {
      continue;
    }
    first = statement;
    break;
  }
  if (!first) return std::nullopt;
  const Span at = django::node_span(*module.source, module.file, *first);
  const std::string indent(at.start.column - 1, ' ');
  return TextEdit{module.source->span(module.file, at.begin, at.begin),
                  fmt::format("atomic = False\n\n{}", indent)};
}

// What to say when the target Django version predates AddIndexConcurrently (3.0).
std::string before_3_0(const project::Project& project) {
  const django::DjangoVersion target = project.model_options().django_version;
  if (target >= django::DjangoVersion{3, 0}) return "";
  return fmt::format(
      " (Django 3.0+; on {}.{}: `migrations.RunSQL(\"CREATE INDEX CONCURRENTLY …\", "
      "state_operations=[<this AddIndex>])`)",
      target.major, target.minor);
}

// AddIndex / AddField on a model of an earlier migration.
void check_operation(const project::Project& project, const mig::Migration& migration,
                     const django::ModuleSource& module, const std::set<std::string>& created,
                     const mig::Operation& operation, Findings& out) {
  const auto model = operation.string_argument("model_name");
  if (!model || created.count(ascii_lower(*model))) return;
  const std::string table = migrations::model_table(project, migration, *model);
  const std::string predicts = fmt::format(
      "writes to {} wait for the index build (with a lock_timeout: "
      "django.db.utils.OperationalError: canceling statement due to lock timeout)",
      table);
  if (operation.kind == mig::OperationKind::AddIndex) {
    const mig::Argument* index = operation.argument("index");
    if (!index) return;
    std::string name = "the index";
    if (index->value->kind == python::Kind::Call) {
      if (const auto written =
              django::string_value(django::keyword_argument(*index->value, "name"))) {
        name = fmt::format("`{}`", *written);
      }
    }
    Fix fix;
    fix.message = fmt::format(
        "remove the AddIndex from `{}` and build the index concurrently in a non-atomic migration "
        "of its own (AddIndexConcurrently, Django 3.0+)",
        migration.label());
    fix.new_files.push_back(concurrent_migration(
        project, migration,
        "from django.contrib.postgres.operations import AddIndexConcurrently\n"
        "from django.db import migrations, models",
        fmt::format("AddIndexConcurrently(\n            model_name={},\n            index={},\n"
                    "        )",
                    migrations::python_string(*model), source_text(module, index->span)),
        "add_index_concurrently"));
    out.add(kBlockingIndexCreation, operation.span)
        .message(fmt::format(
            "`AddIndex` builds {} with CREATE INDEX on `{}`, a table an earlier migration created: "
            "its SHARE lock blocks every INSERT, UPDATE and DELETE on `{}` until migration `{}` "
            "commits; build it without blocking writes in a non-atomic migration: `atomic = "
            "False` and `AddIndexConcurrently(model_name={}, index=…)` from "
            "django.contrib.postgres.operations{}",
            name, table, table, migration.label(), migrations::python_string(*model),
            before_3_0(project)))
        .predicts(predicts)
        .fix(std::move(fix));
    return;
  }
  // AddField of an indexed field.
  const mig::Argument* field = operation.argument("field");
  if (!field || field->value->kind != python::Kind::Call) return;
  const python::Node& call = *field->value;
  const auto name = operation.string_argument("name");
  const std::string_view function = [&] {
    const python::Node* func = call.get("func").node;
    if (func->kind == python::Kind::Attribute) return func->get("attr").text;
    return django::name_id(func);
  }();
  const auto db_index = django::bool_value(django::keyword_argument(call, "db_index"));
  const auto unique = django::bool_value(django::keyword_argument(call, "unique"));
  const bool one_to_one = function == "OneToOneField";
  const bool foreign_key = function == "ForeignKey";
  const bool is_unique = unique.value_or(false) || one_to_one;
  const bool indexed = db_index.value_or(foreign_key) || is_unique;
  if (!indexed || !name) return;
  if (is_unique) {
    const std::string column = one_to_one ? *name + "_id" : *name;
    out.add(kBlockingIndexCreation, operation.span)
        .message(fmt::format(
            "`AddField` adds `{}` with a UNIQUE constraint to `{}`, a table an earlier migration "
            "created: PostgreSQL builds its unique index under ALTER TABLE's ACCESS EXCLUSIVE "
            "lock, "
            "so reads and writes of `{}` wait until migration `{}` commits; add the field without "
            "`unique=True` here, then in a non-atomic migration build the index with `CREATE "
            "UNIQUE INDEX CONCURRENTLY {}_{}_uniq ON {} ({})` and attach it with `ALTER TABLE {} "
            "ADD CONSTRAINT {}_{}_uniq UNIQUE USING INDEX {}_{}_uniq` (a RunSQL whose "
            "`state_operations` make the field unique)",
            *name, table, table, migration.label(), table, *name, table, column, table, table,
            *name, table, *name))
        .predicts(fmt::format(
            "reads and writes of {} wait for the index build (with a lock_timeout: "
            "django.db.utils.OperationalError: canceling statement due to lock timeout)",
            table));
    return;
  }
  // In an atomic migration ALTER TABLE … ADD COLUMN's ACCESS EXCLUSIVE lock is still held while
  // the index is built.
  const std::string lock =
      migration.atomic
          ? fmt::format(
                "in the migration's transaction, after ALTER TABLE … ADD COLUMN, whose "
                "ACCESS EXCLUSIVE lock is held through the build: reads and writes of "
                "`{}` wait until migration `{}` commits",
                table, migration.label())
          : fmt::format(
                "with CREATE INDEX, whose SHARE lock blocks every INSERT, UPDATE and "
                "DELETE on `{}` for the whole build",
                table);
  out.add(kBlockingIndexCreation, operation.span)
      .message(fmt::format(
          "`AddField` adds `{}` to `{}`, a table an earlier migration created, with an index "
          "({}): Django builds the index {}; add the field with `db_index=False`, then build the "
          "index in a non-atomic migration (`atomic = False`) with "
          "`AddIndexConcurrently(model_name={}, index=models.Index(fields=[{}], name=…))`",
          *name, table, foreign_key && !db_index ? "a ForeignKey" : "db_index=True", lock,
          migrations::python_string(*model), migrations::python_string(*name)))
      .predicts(migration.atomic
                    ? fmt::format("reads and writes of {} wait for the index build (with a "
                                  "lock_timeout: django.db.utils.OperationalError: canceling "
                                  "statement due to lock timeout)",
                                  table)
                    : predicts);
}

// `CREATE INDEX` of `text` with CONCURRENTLY after its INDEX keyword.
std::string with_concurrently(std::string_view text) {
  const std::string folded = ascii_lower(text);
  const std::size_t index = folded.find("index");
  if (index == std::string::npos) return std::string(text);
  std::string out(text.substr(0, index + 5));
  out += " CONCURRENTLY";
  out += text.substr(index + 5);
  return out;
}

std::string concurrent_statement(const sql::Statement& statement) {
  if (statement.node == "IndexStmt") return "CREATE INDEX CONCURRENTLY";
  if (statement.node == "DropStmt") return "DROP INDEX CONCURRENTLY";
  if (statement.node == "ReindexStmt") return "REINDEX CONCURRENTLY";
  return statement.description;
}

struct SqlUse {
  const mig::Migration* migration = nullptr;
  const django::ModuleSource* module = nullptr;
  const mig::SqlText* sql = nullptr;
  std::string where;
  bool in_transaction = true;
};

void check_sql(const project::Project& project, const SqlUse& use,
               const std::set<std::string>& created,
               std::set<std::pair<FileId, std::uint32_t>>& seen, Findings& out) {
  const mig::Migration& migration = *use.migration;
  for (const sql::Statement& statement : use.sql->parsed.statements) {
    const Span span = use.sql->span(*use.module, statement.begin, statement.end);
    if (statement.concurrently && statement.forbidden_in_transaction && use.in_transaction) {
      if (!seen.emplace(span.file, span.begin).second) continue;
      const std::string what = concurrent_statement(statement);
      auto finding = out.add(kBlockingIndexCreation, span);
      finding.severity(Severity::Error)
          .message(fmt::format(
              "`{}` in {} of migration `{}` runs inside a transaction{}: PostgreSQL refuses it "
              "with ActiveSqlTransaction (25001) and the migration fails; set `atomic = False` on "
              "the migration and keep the statement in a migration of its own",
              what, use.where, migration.label(),
              migration.atomic ? " (the migration is atomic)" : " (RunPython with atomic=True)"))
          .predicts(fmt::format(
              "django.db.utils.InternalError: {} cannot run inside a transaction block", what));
      if (migration.atomic) {
        if (const auto edit = not_atomic_edit(*use.module, migration)) {
          Fix fix;
          fix.message = fmt::format("make `{}` non-atomic", migration.label());
          fix.edits.push_back(*edit);
          finding.fix(std::move(fix));
        }
      }
      continue;
    }
    if (statement.node != "IndexStmt" || statement.concurrently || !statement.relation) continue;
    const std::string table = migrations::normal_table_name(*statement.relation);
    if (created.count(table)) continue;
    if (!seen.emplace(span.file, span.begin).second) continue;
    const std::string text(
        use.sql->text.text.substr(statement.begin, statement.end - statement.begin));
    const std::string concurrent = with_concurrently(text);
    std::string operation =
        fmt::format("migrations.RunSQL(\n            {}", migrations::python_string(concurrent));
    if (statement.created) {
      operation +=
          fmt::format(",\n            reverse_sql={}",
                      migrations::python_string("DROP INDEX CONCURRENTLY IF EXISTS " +
                                                use.sql->display(statement.created->name)));
    }
    operation += ",\n        )";
    Fix fix;
    fix.message = fmt::format(
        "remove the statement from `{}` and run it with CONCURRENTLY in a non-atomic migration of "
        "its own",
        migration.label());
    fix.new_files.push_back(concurrent_migration(project, migration,
                                                 "from django.db import migrations", operation,
                                                 "create_index_concurrently"));
    out.add(kBlockingIndexCreation, span)
        .message(fmt::format(
            "`{}` in {} of migration `{}` builds an index on `{}`, a table an earlier migration "
            "created, under a SHARE lock: every INSERT, UPDATE and DELETE on `{}` waits until the "
            "migration commits; run `{}` in a non-atomic migration (`atomic = False`) instead",
            statement.description, use.where, migration.label(), table, table,
            with_concurrently(statement.unique ? "CREATE UNIQUE INDEX" : "CREATE INDEX")))
        .predicts(fmt::format(
            "writes to {} wait for the index build (with a lock_timeout: "
            "django.db.utils.OperationalError: canceling statement due to lock timeout)",
            table))
        .fix(std::move(fix));
  }
}

void check(const project::Project& project, Findings& out) {
  std::set<std::pair<FileId, std::uint32_t>> seen;
  const migrations::CreatedTables created = migrations::tables_created(project);
  for (const mig::Migration& migration : project.migrations().migrations) {
    const django::ModuleSource* module = module_of_file(project, migration.file);
    if (!module) continue;
    const std::set<std::string> models = migrations::models_created(migration);
    const std::set<std::string>& tables = created.at(&migration);
    migrations::each_database_operation(migration.operations, [&](const mig::Operation& operation) {
      switch (operation.kind) {
        case mig::OperationKind::AddIndex:
        case mig::OperationKind::AddField:
          check_operation(project, migration, *module, models, operation, out);
          break;
        case mig::OperationKind::AddIndexConcurrently:
        case mig::OperationKind::RemoveIndexConcurrently: {
          if (!migration.atomic) break;
          const std::string name(to_string(operation.kind));
          auto finding = out.add(kBlockingIndexCreation, operation.span);
          finding.severity(Severity::Error)
              .message(fmt::format(
                  "`{}` in migration `{}`, which is atomic: Django refuses to run it inside the "
                  "migration's transaction and raises NotSupportedError before any SQL runs (and "
                  "PostgreSQL would refuse the statement with 25001); set `atomic = False` on the "
                  "migration and keep the operation in a migration of its own",
                  name, migration.label()))
              .predicts(fmt::format(
                  "django.db.utils.NotSupportedError: The {} operation cannot be executed inside a "
                  "transaction (set atomic = False on the migration).",
                  name));
          if (const auto edit = not_atomic_edit(*module, migration)) {
            Fix fix;
            fix.message = fmt::format("make `{}` non-atomic", migration.label());
            fix.edits.push_back(*edit);
            finding.fix(std::move(fix));
          }
          break;
        }
        case mig::OperationKind::RunSQL:
          for (const bool reverse : {false, true}) {
            const auto& argument = reverse ? operation.reverse_sql : operation.sql;
            if (!argument) continue;
            for (const mig::SqlString& string : argument->statements) {
              if (!string.node) continue;
              const auto sql =
                  mig::sql_text(*string.node, *module, nullptr, string.params != nullptr);
              if (!sql) continue;
              check_sql(project,
                        SqlUse{&migration, module, &*sql, reverse ? "RunSQL reverse_sql" : "RunSQL",
                               migration.atomic},
                        tables, seen, out);
            }
          }
          break;
        default:
          break;
      }
    });
  }
  // RunPython functions: inside a transaction when the migration is atomic (whatever the
  // operation says) or the operation asks for one.
  std::set<const python::Node*> functions;
  for (const migrations::PythonFunction& function : migrations::python_functions(project)) {
    if (!functions.insert(function.function).second) continue;
    const bool in_transaction =
        function.migration->atomic || function.operation->atomic.value_or(false);
    const std::set<std::string>& tables = created.at(function.migration);
    const mig::FunctionDatabaseUse use = mig::database_use(*function.function, *function.module);
    for (const mig::ExecuteCall& call : use.executes) {
      if (!call.sql) continue;
      check_sql(project,
                SqlUse{function.migration, function.module, &*call.sql,
                       fmt::format("RunPython `{}`", function.function->get("name").text),
                       in_transaction},
                tables, seen, out);
    }
  }
}

PREFLIGHT_RULE(kBlockingIndexCreation, check);

}  // namespace
}  // namespace preflight::rules
