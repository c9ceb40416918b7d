// PF103: one name for two tables, indexes or constraints in one PostgreSQL schema.
//
// Every model of one Django project (the tree of one manage.py) shares one schema, the default
// `public`, unless django-tenants' TenantSyncRouter puts SHARED_APPS in `public` and TENANT_APPS in
// each tenant's schema: then names only collide within one of those. Django's own checks of
// Meta.indexes and Meta.constraints names compare every model, whatever its schema.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "rules/models/model_rules.h"
#include "rules/registry.h"

namespace preflight::rules {
namespace {

constexpr RuleInfo kDuplicateObjectName{
    .code = "PF103",
    .name = "duplicate-object-name",
    .family = Family::Models,
    .severity = Severity::Error,
    .summary = "two tables, indexes or constraints share one name in the database schema",
    .explanation = R"md(
## What it finds

Two objects that `migrate` creates in one PostgreSQL schema under the same name: tables (including
automatic many-to-many tables and the sequences of auto-increment keys), indexes (`Meta.indexes`,
`db_index`, the `_like` twins, `index_together`) and the constraints PostgreSQL backs with an index
(primary keys, `unique`, `unique_together`, `UniqueConstraint`). In PostgreSQL these are all
relations and share one namespace per schema, so a table and an index cannot have the same name.
Names are compared as PostgreSQL stores them, cut to 63 bytes: two names that differ only after
that are the same name. Django generates most of these names (digests of table and column names),
so two apps can collide without anyone choosing a name twice. Also reported: an index or
constraint name in `Meta` used by two models, which Django's own checks reject.

With django-tenants (`django_tenants.routers.TenantSyncRouter` in `DATABASE_ROUTERS`), the apps of
`SHARED_APPS` are migrated into the `public` schema and those of `TENANT_APPS` into every tenant's
schema, so names collide only within one of the two; an app in both lists has its tables in both.
Django's checks of `Meta` names still compare every model.

## What fails in production

The second `CREATE TABLE` or `CREATE INDEX` of `migrate` fails with
`django.db.utils.ProgrammingError: relation "..." already exists`, leaving the migration half applied on databases
without transactional DDL and the deploy stopped. Two equal names in `Meta.indexes` or
`Meta.constraints` stop every management command earlier, at the system checks
(`models.E029`/`models.E030`, `models.E031`/`models.E032`).

## Example

```python
# billing/models.py
class Invoice(models.Model):
    class Meta:
        db_table = "invoices"

# legacy/models.py
class Invoice(models.Model):
    class Meta:
        db_table = "invoices"  # relation "invoices" already exists
```

## Fix

Rename one of the two: give the table a distinct `db_table`, or the index or constraint an
explicit, distinct `name`.
)md"};

struct Entry {
  const django::Model* model;
  django::SchemaObject object;
};

bool index_backed(const django::Model& model, const django::SchemaObject& object) {
  for (const django::Constraint& constraint : model.constraints) {
    if (constraint.span.file == object.span.file && constraint.span.begin == object.span.begin) {
      return constraint.class_name == "UniqueConstraint" ||
             constraint.class_name == "ExclusionConstraint";
    }
  }
  return false;
}

// "the table of `billing.Invoice`", from SchemaObject::origin.
std::string describe(const Entry& entry) {
  static constexpr std::pair<std::string_view, std::string_view> kWhat[] = {
      {"db_table", "table"},
      {"m2m table", "many-to-many table"},
      {"sequence", "id sequence"},
      {"primary key", "primary key"},
      {"unique", "unique constraint"},
      {"unique_together", "unique_together constraint"},
      {"Meta.indexes", "Meta.indexes index"},
      {"Meta.constraints", "Meta.constraints constraint"},
      {"db_index", "db_index index"},
      {"_like", "_like index"},
      {"index_together", "index_together index"},
  };
  std::string_view what = entry.object.origin;
  for (const auto& [origin, text] : kWhat) {
    if (origin == entry.object.origin) what = text;
  }
  return fmt::format("the {} of {}", what, models::quoted_label(*entry.model));
}

// Django's own checks (core/checks/model_checks.py) compare the names in Meta.indexes and
// Meta.constraints first, and stop every management command.
std::string predicted_failure(const std::vector<Entry>& entries, const std::string& name) {
  const std::string& origin = entries[0].object.origin;
  const bool meta = origin == "Meta.indexes" || origin == "Meta.constraints";
  std::set<std::string> labels;
  for (const Entry& entry : entries) {
    if (entry.object.origin == origin) labels.insert(entry.model->label());
  }
  if (meta && entries[1].object.origin == origin) {
    std::string joined;
    for (const std::string& label : labels) joined += (joined.empty() ? "" : ", ") + label;
    const bool index = origin == "Meta.indexes";
    const bool one = labels.size() == 1;
    return fmt::format(
        "SystemCheckError: System check identified some issues:\n\nERRORS:\n?: (models.E0{}) {} "
        "name '{}' is not unique {} {}.",
        index ? (one ? "29" : "30") : (one ? "31" : "32"), index ? "index" : "constraint",
        entries[0].object.name, one ? "for model" : "among models:", joined);
  }
  return fmt::format("django.db.utils.ProgrammingError: relation \"{}\" already exists", name);
}

// The schemas a model's tables go to: "public" unless django-tenants routes its app.
std::vector<std::string> schemas_of(const django::ProjectModels& models,
                                    const django::Model& model) {
  for (const django::App& app : models.apps) {
    if (app.project == model.project && app.label == model.app_label && app.schemas) {
      return *app.schemas;
    }
  }
  return {"public"};
}

bool tenant_schemas(const django::ProjectModels& models) {
  return std::any_of(models.apps.begin(), models.apps.end(),
                     [](const django::App& app) { return app.schemas.has_value(); });
}

void check(const project::Project& project, Findings& out) {
  const django::ProjectModels& models = project.django();
  const bool per_schema = tenant_schemas(models);
  // Keyed by Django project and namespace-qualified name, in model order.
  std::map<std::pair<std::size_t, std::string>, std::vector<Entry>> by_name;
  std::vector<std::pair<std::size_t, std::string>> order;
  auto add = [&](const Entry& entry, std::string key) {
    auto id = std::make_pair(entry.model->project, std::move(key));
    auto [it, added] = by_name.try_emplace(id);
    if (added) order.push_back(id);
    it->second.push_back(entry);
  };
  for (const django::Model& model : models.models) {
    if (!models::creates_table(model) || model.has_unknown_bases) continue;
    const std::vector<std::string> schemas = schemas_of(models, model);
    for (const django::SchemaObject& object :
         django::schema_objects(model, models, project.model_options())) {
      const Entry entry{&model, object};
      const std::string stored = django::postgres_truncate_identifier(object.name);
      using Kind = django::SchemaObject::Kind;
      if (object.kind == Kind::Constraint) {
        if (object.origin == "Meta.constraints") {
          if (!index_backed(model, object)) {
            // Not a relation (CHECK, foreign key...): only Django's check compares it.
            add(entry, "constraint\n" + object.name);
            continue;
          }
        } else if (object.origin != "primary key" && object.origin != "unique" &&
                   object.origin != "unique_together") {
          continue;  // a foreign key: its name is unique per table, not per schema
        }
      }
      const bool meta = object.origin == "Meta.indexes" || object.origin == "Meta.constraints";
      if (per_schema && meta) {
        // Django's check compares these names across schemas.
        add(entry, "check\n" + object.origin + "\n" + object.name);
      }
      for (const std::string& schema : schemas) {
        add(entry, (per_schema ? "relation in " + schema + "\n" : "relation\n") + stored);
      }
    }
  }

  std::set<std::tuple<FileId, std::uint32_t, FileId, std::uint32_t>> reported;
  for (const auto& id : order) {
    // Two models with one table also share that table's primary key, sequence and every other
    // name derived from it: the table's own collision is the one to report.
    std::vector<Entry> entries;
    for (const Entry& entry : by_name[id]) {
      const bool derived = entry.object.origin != "db_table" &&
                           std::any_of(entries.begin(), entries.end(), [&](const Entry& kept) {
                             return kept.model != entry.model &&
                                    django::postgres_truncate_identifier(kept.model->db_table) ==
                                        django::postgres_truncate_identifier(entry.model->db_table);
                           });
      if (!derived) entries.push_back(entry);
    }
    if (entries.size() < 2) continue;
    // Two Meta names of one kind in one schema: the check group reports them.
    if (per_schema && id.second.starts_with("relation in ") &&
        std::all_of(entries.begin(), entries.end(), [&](const Entry& entry) {
          return entry.object.origin == entries[0].object.origin &&
                 entry.object.name == entries[0].object.name &&
                 (entry.object.origin == "Meta.indexes" ||
                  entry.object.origin == "Meta.constraints");
        })) {
      continue;
    }
    const Entry& first = entries[0];
    const Entry& second = entries[1];
    const std::string name = django::postgres_truncate_identifier(second.object.name);
    std::string message;
    if (first.object.name == second.object.name) {
      message = fmt::format("`{}`, {}, is already the name of {}", second.object.name,
                            describe(second), describe(first));
    } else {
      message = fmt::format(
          "`{}`, {}, and `{}`, {}, are one name once PostgreSQL cuts them to 63 bytes: `{}`",
          second.object.name, describe(second), first.object.name, describe(first), name);
    }
    if (entries.size() > 2) message += fmt::format("; {} objects share it", entries.size());
    if (id.second.starts_with("relation in ")) {
      const std::string_view schema =
          std::string_view(id.second).substr(12, id.second.find('\n') - 12);
      message += schema == "public" ? " (both in the `public` schema, as SHARED_APPS)"
                                    : " (both in every tenant's schema, as TENANT_APPS)";
    }
    // Apps in both lists collide in both schemas: one finding.
    if (!reported
             .insert({second.object.span.file, second.object.span.begin, first.object.span.file,
                      first.object.span.begin})
             .second) {
      continue;
    }
    Findings::Builder finding = out.add(kDuplicateObjectName, second.object.span);
    finding.message(std::move(message)).predicts(predicted_failure(entries, name));
    finding.related(first.object.span, fmt::format("first: {}", describe(first)));
    for (std::size_t i = 2; i < entries.size(); ++i) {
      finding.related(entries[i].object.span, fmt::format("also: {}", describe(entries[i])));
    }
  }
}

}  // namespace

PREFLIGHT_RULE(kDuplicateObjectName, check);

}  // namespace preflight::rules
