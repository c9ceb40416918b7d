// PF101: a models.Index without a name; Django's generated name drifts with the table and columns.
#include <fmt/format.h>

#include <map>
#include <utility>

#include "django/python_values.h"
#include "rules/models/model_rules.h"
#include "rules/registry.h"

namespace preflight::rules {
namespace {

constexpr RuleInfo kUnnamedIndex{
    .code = "PF101",
    .name = "unnamed-index",
    .family = Family::Models,
    .severity = Severity::Error,
    .summary = "models.Index without a name: the generated name drifts with the table",
    .explanation = R"md(
## What it finds

A `models.Index` (or a `django.contrib.postgres` index such as `GinIndex`) in `Meta.indexes` of a
concrete model, written without `name=`. Django then names it itself
(`Index.set_name_with_model`): `<table[:11]>_<column[:7]>_<md5 of table, columns, suffix>_idx`, a
pure function of the table name and the column names. An index inherited from an abstract base is
reported once, at its `Index(...)` call, with every concrete model that inherits it.

## What fails in production

The generated name changes exactly when the table or a column is renamed: `db_table` set later,
the app or the model renamed, a field renamed or given a `db_column`. The migrations recorded the
old name, so from then on `manage.py makemigrations --check` fails and `migrate` prints "Your
models in app(s): 'tenants' have changes that are not yet reflected in a migration, and so won't be
applied." until a migration renames the index (`RenameIndex` from Django 4.1; `RemoveIndex` plus
`AddIndex` on 3.2, which rebuilds it). That migration then needs to own the index in every
database, and environments whose indexes were created under other names (restored dumps, indexes
created by hand) never settle.

## Example

```python
class TenantDomain(models.Model):
    domain = models.CharField(max_length=253)

    class Meta:
        indexes = [models.Index(fields=["domain"])]  # tenants_ten_domain_f3abe6_idx
```

## Fix

Give every index an explicit `name` (at most 30 characters, not starting with `_` or a digit,
unique in the database schema). The name that costs no DDL is the one the index already has in
your databases, i.e. the name recorded in the latest migration; otherwise choose a short stable
name and let `makemigrations` write the rename. preflight proposes `<model>_<fields>_idx`,
shortened to fit and unique in the project.
)md"};

// The predicted failure, in the wording of the target Django version.
std::string predicted_failure(const django::Model& model, django::DjangoVersion version) {
  const std::string migration =
      version >= django::DjangoVersion{4, 1} ? "RenameIndex" : "RemoveIndex + AddIndex";
  return fmt::format(
      "after the table or a column is renamed: `makemigrations --check` exits 1 (a {} the "
      "migrations lack) and `migrate` prints \"Your models in app(s): '{}' have changes that are "
      "not yet reflected in a migration, and so won't be applied.\"",
      migration, model.app_label);
}

// Where `name="..."` goes: after the call's last argument (so a trailing comma stays valid).
std::optional<std::uint32_t> insertion_point(const project::Project& project,
                                             const django::Index& index) {
  const python::Node* call = models::node_at(project, index.span, python::Kind::Call);
  if (!call) return std::nullopt;
  // A name that is not a literal string is still a name.
  if (django::keyword_argument(*call, "name")) return std::nullopt;
  std::optional<std::uint32_t> end;
  auto consider = [&](const python::Node* node) {
    if (!node) return;
    const std::uint32_t at = models::span_of(project, index.span.file, *node).end;
    if (!end || at > *end) end = at;
  };
  for (const python::Node* argument : call->get("args").list) consider(argument);
  for (const python::Node* keyword : call->get("keywords").list) consider(keyword);
  return end;
}

void check(const project::Project& project, Findings& out) {
  // Index calls in source order of the models that use them: an abstract base's call once.
  struct Use {
    const django::Model* model;
    const django::Index* index;
  };
  std::vector<std::pair<std::pair<FileId, std::uint32_t>, std::vector<Use>>> calls;
  std::map<std::pair<FileId, std::uint32_t>, std::size_t> position;
  for (const django::Model& model : project.django().models) {
    if (!models::creates_table(model)) continue;
    for (const django::Index& index : model.indexes) {
      if (index.given_name || !index.generated_name || index.has_expressions) continue;
      const auto key = std::make_pair(index.span.file, index.span.begin);
      const auto [it, added] = position.emplace(key, calls.size());
      if (added) calls.emplace_back(key, std::vector<Use>{});
      calls[it->second].second.push_back(Use{&model, &index});
    }
  }

  models::IndexNamer namer(project);
  const django::DjangoVersion version = project.model_options().django_version;
  for (const auto& [key, uses] : calls) {
    const django::Index& index = *uses.front().index;
    const django::Model& model = *uses.front().model;
    const std::optional<std::uint32_t> insert_at = insertion_point(project, index);
    if (!insert_at && models::node_at(project, index.span, python::Kind::Call)) {
      continue;  // `name=` is given, but not as a literal string
    }
    std::string columns;
    for (const std::string& column : index.columns) {
      columns += (columns.empty() ? "`" : ", `") + column + "`";
    }
    const bool inherited = uses.size() > 1 || model.span.file != index.span.file ||
                           model.span.begin > index.span.begin;
    std::string message;
    if (!inherited) {
      message = fmt::format(
          "`{}` on {} has no name: Django names it `{}`, a digest of the table `{}` and the "
          "columns {}; the name changes exactly when the table or a column is renamed "
          "(db_table set later, app or model renamed, field renamed), and migrations that "
          "recorded the old name then never settle",
          index.class_name, models::quoted_label(model), *index.generated_name, model.db_table,
          columns);
    } else {
      std::string names;
      for (const auto& use : uses) {
        names += fmt::format("{}{} on `{}`", names.empty() ? "" : ", ", *use.index->generated_name,
                             use.model->db_table);
      }
      message = fmt::format(
          "`{}` inherited by {} concrete model(s) has no name: Django names it per table ({}), "
          "a digest of the table and the columns; each name changes exactly when its table or a "
          "column is renamed, and migrations that recorded the old name then never settle",
          index.class_name, uses.size(), names);
    }
    Findings::Builder finding = out.add(kUnnamedIndex, index.span);
    finding.message(std::move(message)).predicts(predicted_failure(model, version));
    if (inherited) {
      for (const auto& use : uses) {
        finding.related(use.model->span,
                        fmt::format("{} inherits it: `{}`", models::quoted_label(*use.model),
                                    *use.index->generated_name));
      }
    }
    if (insert_at && !inherited) {
      const std::string name = namer.propose(model.project, model.model_name, index.fields);
      Fix fix;
      fix.message = fmt::format(
          "name the index `{}` (short, stable, unique in the project); to keep the index as the "
          "databases have it, use the name the latest migration recorded instead",
          name);
      fix.edits.push_back(TextEdit{models::point(project, index.span.file, *insert_at),
                                   fmt::format(", name=\"{}\"", name)});
      finding.fix(std::move(fix));
    }
  }
}

}  // namespace

PREFLIGHT_RULE(kUnnamedIndex, check);

}  // namespace preflight::rules
