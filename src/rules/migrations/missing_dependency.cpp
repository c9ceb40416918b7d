// PF202: a migration depends on (or runs before) a migration that does not exist.
#include <fmt/format.h>

#include <string>

#include "rules/registry.h"

namespace preflight::rules {
namespace {

namespace mig = django::migrations;

constexpr RuleInfo kMissingDependency{
    .code = "PF202",
    .name = "missing-migration-dependency",
    .family = Family::Migrations,
    .severity = Severity::Error,
    .summary = "a migration depends on a migration that does not exist: NodeNotFoundError",
    .explanation = R"md(
## What it finds

An entry of a migration's `dependencies` (or `run_before`) that names a migration no app of the
project has: a typo, a migration renamed or deleted after others came to depend on it, or a
dependency on a project app that has no migrations or is not in `INSTALLED_APPS`. Dependencies on
migrations that a squashed migration replaces are followed to the squash, as Django does.
Dependencies on apps outside the project (third-party packages, `django.contrib`) are not
checked: their migrations are not in the repository.

## What fails in production

Every management command that loads migrations (`migrate`, `makemigrations`, `showmigrations`,
and `runserver`'s check) stops while building the migration graph:

```
django.db.migrations.exceptions.NodeNotFoundError: Migration shop.0003_discount dependencies reference nonexistent parent node ('shop', '0002_price')
```

A `__first__` or `__latest__` dependency on a project app that is not installed fails with
`ValueError: Dependency on unknown app: billing`.

## Example

```python
# shop/migrations/0003_discount.py  (0002_price.py was renamed 0002_add_price.py)
class Migration(migrations.Migration):
    dependencies = [("shop", "0002_price")]
```

## Fix

Point the dependency at the migration that exists (`("shop", "0002_add_price")`), restore the
deleted migration, or add the app to `INSTALLED_APPS` / give it its migrations.
)md"};

// Why the node is missing, from what the graph knows about its app.
std::string reason(const mig::MigrationGraph& graph, const mig::NodeKey& node) {
  if (graph.unmigrated_apps.count(node.app_label)) {
    return fmt::format("app `{}` has no migrations package", node.app_label);
  }
  if (!graph.migrated_apps.count(node.app_label)) {
    return fmt::format("app `{}` is not in INSTALLED_APPS", node.app_label);
  }
  // The app's migrations with the same number, as a suggestion.
  const std::string number = node.name.substr(0, node.name.find('_'));
  std::string similar;
  for (const auto& [key, other] : graph.nodes) {
    if (key.app_label != node.app_label || other.dummy || !other.migration) continue;
    if (!number.empty() && key.name.starts_with(number + "_")) {
      similar += (similar.empty() ? "" : ", ") + ("`" + key.name + "`");
    }
  }
  std::string text = fmt::format("app `{}` has no migration `{}`", node.app_label, node.name);
  if (!similar.empty()) text += fmt::format(" (it has {})", similar);
  return text;
}

void check(const project::Project& project, Findings& out) {
  for (const mig::MigrationGraph& graph : project.migrations().graphs) {
    for (const mig::GraphProblem& problem : graph.problems) {
      if (problem.kind == mig::GraphProblem::Kind::UnknownApp) {
        out.add(kMissingDependency, problem.span)
            .message(fmt::format("a dependency on `{}` of app `{}`, which is not in "
                                 "INSTALLED_APPS",
                                 problem.node.name, problem.node.app_label))
            .predicts("ValueError: " + problem.message);
        continue;
      }
      if (problem.kind != mig::GraphProblem::Kind::NodeNotFound) continue;
      const std::string why = reason(graph, problem.node);
      for (const mig::Reference& reference : problem.references) {
        const std::string predicted = fmt::format(
            "django.db.migrations.exceptions.NodeNotFoundError: Migration {} dependencies "
            "reference nonexistent {} node ('{}', '{}')",
            reference.migration->label(), reference.run_before ? "child" : "parent",
            problem.node.app_label, problem.node.name);
        out.add(kMissingDependency, reference.entry->span)
            .message(fmt::format(
                "`{}` {} `{}`, which does not exist: {}", reference.migration->label(),
                reference.run_before ? "must run before" : "depends on", problem.node.label(), why))
            .predicts(predicted);
      }
    }
  }
}

}  // namespace

PREFLIGHT_RULE(kMissingDependency, check);

}  // namespace preflight::rules
