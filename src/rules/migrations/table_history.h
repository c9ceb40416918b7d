// What the index and ALTER TABLE rules (PF214, PF215) need to know about a migration's tables:
// which tables it creates itself (an index or constraint on those holds no lock that matters: the
// table is new and empty), the table a model's operations act on, and whether a migration's SQL
// runs inside a transaction.
#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>

#include "django/migrations/migrations.h"
#include "project/project.h"

namespace preflight::rules::migrations {

// A Python string literal (double-quoted) holding `text`: for the migration snippets of fixes.
std::string python_string(std::string_view text);

// Lower case, without a `public.` schema and without double quotes: how PostgreSQL names a table
// written without quotes in the default schema.
std::string normal_table_name(std::string_view name);

// The tables each migration creates: `CreateModel` (its `db_table` option, else
// `<app_label>_<model>`) and `CREATE TABLE` in its SQL (RunSQL, and RunPython's literal SQL),
// SeparateDatabaseAndState's database operations included; normalised.
using CreatedTables = std::map<const django::migrations::Migration*, std::set<std::string>>;
CreatedTables tables_created(const project::Project& project);

// The models a migration creates, lower case.
std::set<std::string> models_created(const django::migrations::Migration& migration);

// The table of model `model_name` of the migration's app: the `db_table` of the last CreateModel or
// AlterModelTable of it among the project's migrations, else Django's default
// `<app_label>_<model>`.
std::string model_table(const project::Project& project,
                        const django::migrations::Migration& migration,
                        std::string_view model_name);

// Every operation of a list, SeparateDatabaseAndState's database operations included (after their
// parent).
template <class Visit>
void each_database_operation(const std::vector<django::migrations::Operation>& operations,
                             Visit&& visit) {
  for (const django::migrations::Operation& operation : operations) {
    visit(operation);
    each_database_operation(operation.database_operations, visit);
  }
}

// The number of the last migration of the migration's app plus one, and the label of that last
// migration (the leaf a new migration would depend on): {"0004", "0003_add_code"}.
struct NextMigration {
  std::string number;
  std::string depends_on;
};
NextMigration next_migration(const project::Project& project,
                             const django::migrations::Migration& migration);

}  // namespace preflight::rules::migrations
