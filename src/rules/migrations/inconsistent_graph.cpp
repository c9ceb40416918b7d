// PF203: a cycle in the migration graph, or a squashed migration replacing another squash, which
// Django may fail to apply.
#include <fmt/format.h>

#include <string>

#include "rules/registry.h"

namespace preflight::rules {
namespace {

namespace mig = django::migrations;

constexpr RuleInfo kInconsistentGraph{
    .code = "PF203",
    .name = "inconsistent-migration-graph",
    .family = Family::Migrations,
    .severity = Severity::Error,
    .summary =
        "circular migration dependencies, or a squashed migration that replaces another squash",
    .explanation = R"md(
## What it finds

- A cycle of dependencies between migrations (within an app or across apps, through
  `dependencies` and `run_before`), including one that appears only once a squashed migration
  takes the place of the migrations it replaces: their dependencies and dependents all move to
  the squash.
- A squashed migration whose `replaces` names another squashed migration that still has its own
  `replaces`. Django applies replacements in the order it lists the files, which is arbitrary: when
  it handles the outer squash first, the inner one is gone when its turn comes.

## What fails in production

Loading the migration graph fails in every management command that needs it (`migrate`,
`makemigrations`, `showmigrations`):

```
django.db.migrations.exceptions.CircularDependencyError: shop.0002_orders, billing.0001_initial
```

```
django.db.migrations.exceptions.NodeNotFoundError: Unable to find replacement node ('shop', '0001_squashed_0004'). It was either never added to the migration graph, or has been removed.
```

## Example

```python
# shop/migrations/0002_orders.py
class Migration(migrations.Migration):
    dependencies = [("shop", "0001_initial"), ("billing", "0001_initial")]

# billing/migrations/0001_initial.py
class Migration(migrations.Migration):
    dependencies = [("shop", "0002_orders")]  # a cycle
```

## Fix

Break the cycle: split one migration in two so that the part the other app needs comes first
(this is what `makemigrations` does for circular foreign keys). For a squash of a squash, first
make the inner squash a normal migration (delete the migrations it replaced, remove its
`replaces`), as Django's documentation on squashing describes.
)md"};

void report_cycle(const mig::MigrationGraph& graph, const mig::GraphProblem& problem,
                  Findings& out) {
  const mig::Migration* first = nullptr;
  for (const mig::NodeKey& key : problem.cycle) {
    const mig::GraphNode* node = graph.find(key);
    if (node && node->migration) {
      first = node->migration;
      break;
    }
  }
  if (!first) return;
  std::string chain;
  bool through_squash = false;
  for (const mig::NodeKey& key : problem.cycle) {
    chain += (chain.empty() ? "`" : " -> `") + key.label() + "`";
    through_squash |= graph.replacements.count(key) > 0;
  }
  chain += " -> `" + problem.cycle.front().label() + "`";
  Findings::Builder finding = out.add(kInconsistentGraph, first->span);
  finding
      .message(fmt::format("circular migration dependencies: {} (each must run before the "
                           "next){}",
                           chain,
                           through_squash ? "; the cycle goes through a squashed migration, "
                                            "which took over the dependencies of what it replaces"
                                          : ""))
      .predicts("django.db.migrations.exceptions.CircularDependencyError: " + problem.message);
  for (const mig::NodeKey& key : problem.cycle) {
    const mig::GraphNode* node = graph.find(key);
    if (!node || !node->migration || node->migration == first) continue;
    finding.related(node->migration->span, fmt::format("`{}` is in the cycle", key.label()));
  }
}

void check(const project::Project& project, Findings& out) {
  for (const mig::MigrationGraph& graph : project.migrations().graphs) {
    for (const mig::GraphProblem& problem : graph.problems) {
      if (problem.kind == mig::GraphProblem::Kind::Cycle) {
        report_cycle(graph, problem, out);
      } else if (problem.kind == mig::GraphProblem::Kind::ReplacementRemoved) {
        out.add(kInconsistentGraph, problem.span)
            .message(fmt::format(
                "`{}` replaces `{}`, itself a squashed migration with `replaces`: when Django "
                "handles `{}` first (its file order is arbitrary), `{}` is gone when its own "
                "replacements are made",
                problem.migration->label(), problem.node.label(), problem.migration->label(),
                problem.node.label()))
            .predicts("django.db.migrations.exceptions.NodeNotFoundError: " + problem.message);
      }
    }
  }
}

}  // namespace

PREFLIGHT_RULE(kInconsistentGraph, check);

}  // namespace preflight::rules
