// PF204: the models and the migrations disagree; `makemigrations --check` fails, and the
// database lacks what the models expect.
#include <fmt/format.h>

#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "django/migrations/drift.h"
#include "rules/registry.h"

namespace preflight::rules {
namespace {

namespace mig = django::migrations;

constexpr RuleInfo kModelDrift{
    .code = "PF204",
    .name = "models-without-migration",
    .family = Family::Migrations,
    .severity = Severity::Error,
    .summary = "models differ from their migrations: makemigrations --check fails",
    .explanation = R"md(
## What it finds

A model whose migrations do not produce it: replaying every migration (in graph order, as
Django's `MigrationLoader.project_state()` does) gives a state that differs from the model as
written now, compared the way Django's `MigrationAutodetector` compares them (fields by their
`deconstruct()`, indexes and constraints by equality, `db_table`, `unique_together`,
`index_together` and the options `AlterModelOptions` records). The finding lists each operation
`makemigrations` would write, and why.

For an index, it names the cause: an unnamed `models.Index` gets a name Django generates from the
table name, the columns and a digest of them. The migration state keeps the name generated when
the index was added; when the table's name changes later (a renamed model, a new `db_table`), the
model generates another name, and `makemigrations` wants to remove the index and add it again.
preflight finds which table the recorded name was generated for.

Checked without importing the project, for Django 3.2's autodetector, against the real
`makemigrations --check --dry-run` on the fixture projects of the oracle test. Renames are not
asked for: non-interactively (as in CI), Django writes a removal and an addition.

## What fails in production

`python manage.py makemigrations --check --dry-run` exits 1 in CI, on every run, whatever the
environment. When the check is not run, the deploy's `migrate` applies the migrations that exist,
and the code expects a schema they do not create: missing columns (`ProgrammingError: column …
does not exist`), missing indexes, or the next `makemigrations` on a developer machine writes a
migration that drops and recreates indexes on production tables.

## Example

```python
class TenantDomain(models.Model):        # renamed from Domain by 0002 (RenameModel)
    domain = models.CharField(max_length=253)

    class Meta:
        indexes = [models.Index(fields=["domain"])]   # state: tenants_dom_domain_6df599_idx
```

## Fix

Give every index an explicit `name` equal to the name the migrations recorded
(`models.Index(fields=["domain"], name="tenants_dom_domain_6df599_idx")`), so that nothing
changes in the database; or run `makemigrations` and commit the migration it writes (on Django
4.1+ it writes `RenameIndex` for a renamed index).
)md"};

void check(const project::Project& project, Findings& out) {
  const mig::DriftReport report = mig::detect_drift(
      project.migrations(), project.django(), project.model_options(), project.migration_states());
  // One finding per model, at its class.
  std::map<std::tuple<std::size_t, std::string, std::string>, std::vector<const mig::SchemaChange*>>
      by_model;
  for (const mig::SchemaChange& change : report.changes) {
    by_model[{change.project, change.app_label, change.model_name}].push_back(&change);
  }
  for (const auto& [key, changes] : by_model) {
    const auto& [project_index, app_label, model_name] = key;
    const django::Model* model = project.django().find_model(project_index, app_label, model_name);
    std::string operations;
    for (const mig::SchemaChange* change : changes) {
      operations += operations.empty() ? "" : ", ";
      operations += change->name.empty() ? change->operation
                                         : fmt::format("{} `{}`", change->operation, change->name);
    }
    const Span span = model ? model->span : changes.front()->span;
    auto finding = out.add(kModelDrift, span);
    finding.message(fmt::format(
        "the migrations of `{}.{}` do not match the model: `makemigrations --check` fails and "
        "would write {}",
        app_label, model ? model->name : model_name, operations));
    for (const mig::SchemaChange* change : changes) {
      finding.related(change->span, fmt::format("{}: {}", change->operation, change->cause));
    }
  }
}

PREFLIGHT_RULE(kModelDrift, check);

}  // namespace
}  // namespace preflight::rules
