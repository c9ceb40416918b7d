// PF102: an index, constraint or table name that Django's checks reject or PostgreSQL truncates.
#include <fmt/format.h>

#include <map>
#include <set>
#include <tuple>

#include "django/python_values.h"
#include "rules/models/model_rules.h"
#include "rules/registry.h"

namespace preflight::rules {
namespace {

constexpr RuleInfo kInvalidObjectName{
    .code = "PF102",
    .name = "invalid-object-name",
    .family = Family::Models,
    .severity = Severity::Error,
    .summary = "an index name Django rejects, or a table or constraint name PostgreSQL truncates",
    .explanation = R"md(
## What it finds

- An index `name` longer than its class allows (30 characters for `models.Index`; the
  `django.contrib.postgres` indexes allow 30 - 3 + the length of their suffix: `GinIndex` 30,
  `BrinIndex` 31, `BTreeIndex` 32, `SpGistIndex` 33), or starting with `_` or a digit: Django's
  system checks `models.E034` and `models.E033`.
- A constraint name (`Meta.constraints`) or a table name (`Meta.db_table`, a
  `ManyToManyField(db_table=...)` or its automatic table) longer than PostgreSQL's identifier
  limit of 63 bytes. Django counts characters, PostgreSQL bytes, so a non-ASCII name Django thinks
  short enough can be over it too.

## What fails in production

An index name over its limit or with a bad first character stops every management command at the
system checks, `migrate` and `runserver` included: `SystemCheckError: System check identified some
issues: ... (models.E034) The index name '...' cannot be longer than 30 characters.`

PostgreSQL silently truncates a longer identifier to 63 bytes (`NOTICE: identifier "..." will be
truncated to "..."`). Django keeps the full name, so what compares names with the catalog
disagrees with the database: `migrate --fake-initial` does not find the table and runs `CREATE
TABLE` again (`relation "..." already exists`), `flush` and the test runner skip it; and two names
that share their first 63 bytes become one, so the second `CREATE` fails.

## Example

```python
class Meta:
    indexes = [models.Index(fields=["created_at"], name="billing_invoice_created_at_index")]  # 32
```

## Fix

Choose a shorter name: at most 30 characters for an index, 63 bytes for tables and constraints.
If the object already exists under the long name, rename it in a migration (`RenameIndex`,
`AlterModelTable`) so that the model and the database agree.
)md"};

std::optional<django::IndexClass> index_class_named(std::string_view class_name) {
  using namespace django;
  static constexpr std::pair<std::string_view, IndexClass> kClasses[] = {
      {"Index", kIndex},           {"BloomIndex", kBloomIndex},  {"BrinIndex", kBrinIndex},
      {"BTreeIndex", kBTreeIndex}, {"GinIndex", kGinIndex},      {"GistIndex", kGistIndex},
      {"HashIndex", kHashIndex},   {"SpGistIndex", kSpGistIndex}};
  for (const auto& [name, found] : kClasses) {
    if (name == class_name) return found;
  }
  return std::nullopt;
}

// The span of a call's `name=` argument, else the call's.
Span name_span(const project::Project& project, const Span& call) {
  if (const python::Node* name = models::call_keyword(project, call, "name")) {
    return models::span_of(project, call.file, *name);
  }
  return call;
}

std::string system_check_failure(const django::Model& model, std::string_view id,
                                 std::string_view text) {
  return fmt::format(
      "SystemCheckError: System check identified some issues:\n\nERRORS:\n{}: ({}) {}",
      model.label(), id, text);
}

// Every name in the relation and constraint namespaces of one Django project, after PostgreSQL's
// truncation, with the names that give it.
using Truncated = std::map<std::string, std::set<std::string>>;

std::map<std::size_t, Truncated> truncated_names(const project::Project& project) {
  std::map<std::size_t, Truncated> result;
  for (const django::Model& model : project.django().models) {
    if (!models::creates_table(model)) continue;
    for (const django::SchemaObject& object :
         django::schema_objects(model, project.django(), project.model_options())) {
      result[model.project][django::postgres_truncate_identifier(object.name)].insert(object.name);
    }
  }
  return result;
}

class Checker {
 public:
  Checker(const project::Project& project, Findings& out)
      : project_(project), out_(out), truncated_(truncated_names(project)) {
    const std::optional<int> limit = project.model_options().max_name_length;
    postgres_ = limit && *limit == static_cast<int>(django::kPostgresMaxIdentifierBytes);
  }

  void run() {
    for (const django::Model& model : project_.django().models) {
      if (!models::creates_table(model)) continue;
      check_indexes(model);
      if (!postgres_) continue;
      for (const django::Constraint& constraint : model.constraints) {
        if (!constraint.given_name) continue;
        check_identifier(model, *constraint.given_name, "the constraint",
                         name_span(project_, constraint.span));
      }
      if (model.db_table_given) {
        const python::Node* assignment = models::own_meta_assignment(project_, model, "db_table");
        const Span span =
            assignment && assignment->get("value").node
                ? models::span_of(project_, model.span.file, *assignment->get("value").node)
                : model.span;
        check_identifier(model, django::split_identifier(model.db_table).name, "the table", span);
      }
      for (const django::Field& field : model.many_to_many) {
        if (field.through) continue;
        const std::optional<std::string> table =
            django::many_to_many_table(model, field, project_.django(), project_.model_options());
        if (!table) continue;
        check_identifier(model, django::split_identifier(*table).name,
                         fmt::format("the many-to-many table of field `{}`", field.name),
                         field.span);
      }
    }
  }

 private:
  // Reports each (place, name) once: an abstract base's index is seen by every child.
  bool first_time(const Span& span, const std::string& name) {
    return seen_.emplace(span.file, span.begin, name).second;
  }

  void check_indexes(const django::Model& model) {
    for (const django::Index& index : model.indexes) {
      if (!index.given_name) continue;
      const std::string& name = *index.given_name;
      const Span span = name_span(project_, index.span);
      const std::optional<django::IndexClass> index_class = index_class_named(index.class_name);
      const std::size_t length = django::python_length(name);
      if (index_class && length > static_cast<std::size_t>(index_class->max_name_length) &&
          first_time(span, name)) {
        const std::string text =
            fmt::format("The index name '{}' cannot be longer than {} characters.", name,
                        index_class->max_name_length);
        out_.add(kInvalidObjectName, span)
            .message(fmt::format("index name `{}` on {} has {} characters, over the {} `{}` "
                                 "allows: Django's system check models.E034 rejects it",
                                 name, models::quoted_label(model), length,
                                 index_class->max_name_length, index.class_name))
            .predicts(system_check_failure(model, "models.E034", text));
      }
      if (django::starts_with_underscore_or_digit(name) && first_time(span, name + "\n_")) {
        const std::string text =
            fmt::format("The index name '{}' cannot start with an underscore or a number.", name);
        out_.add(kInvalidObjectName, span)
            .message(fmt::format("index name `{}` on {} starts with {}: Django's system check "
                                 "models.E033 rejects it",
                                 name, models::quoted_label(model),
                                 name.front() == '_' ? "an underscore" : "a digit"))
            .predicts(system_check_failure(model, "models.E033", text));
      }
    }
  }

  void check_identifier(const django::Model& model, const std::string& name, std::string_view what,
                        const Span& span) {
    if (name.size() <= django::kPostgresMaxIdentifierBytes || !first_time(span, name)) return;
    const std::string stored = django::postgres_truncate_identifier(name);
    std::string message = fmt::format(
        "`{}` ({} of {}) is {} bytes, over PostgreSQL's identifier limit of {}: PostgreSQL "
        "truncates it to `{}`, while Django keeps using the full name",
        name, what, models::quoted_label(model), name.size(), django::kPostgresMaxIdentifierBytes,
        stored);
    std::string failure = fmt::format(
        "NOTICE: identifier \"{}\" will be truncated to \"{}\"; `migrate --fake-initial`, "
        "`flush` and introspection then miss the object",
        name, stored);
    const auto project = truncated_.find(model.project);
    if (project != truncated_.end()) {
      const auto same = project->second.find(stored);
      if (same != project->second.end()) {
        for (const std::string& other : same->second) {
          if (other == name) continue;
          message += fmt::format(", and `{}` truncates to the same name", other);
          if (what != "the constraint") {
            failure = fmt::format(
                "django.db.utils.ProgrammingError: relation \"{}\" already exists", stored);
          }
          break;
        }
      }
    }
    out_.add(kInvalidObjectName, span).message(std::move(message)).predicts(std::move(failure));
  }

  const project::Project& project_;
  Findings& out_;
  std::map<std::size_t, Truncated> truncated_;
  bool postgres_ = true;
  std::set<std::tuple<FileId, std::uint32_t, std::string>> seen_;
};

void check(const project::Project& project, Findings& out) {
  Checker(project, out).run();
}

}  // namespace

PREFLIGHT_RULE(kInvalidObjectName, check);

}  // namespace preflight::rules
