// PF201: several leaf migrations in one app; `migrate` and `makemigrations` refuse to run.
#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <string>

#include "rules/registry.h"

namespace preflight::rules {
namespace {

namespace mig = django::migrations;

constexpr RuleInfo kConflictingLeaves{
    .code = "PF201",
    .name = "conflicting-migrations",
    .family = Family::Migrations,
    .severity = Severity::Error,
    .summary = "several leaf migrations in one app: migrate stops with 'Conflicting migrations'",
    .explanation = R"md(
## What it finds

An app whose migration graph has more than one leaf: two migrations that no later migration of
the app depends on. It usually comes from two branches that each added a migration after the same
parent (`0002_add_price` and `0002_add_stock`, both depending on `0001_initial`), and also when a
later migration depends on only one of the two (`0003_x` after `0002_add_price`, while
`0002_add_stock` stays a leaf). The graph is built as Django's `MigrationLoader` builds it,
squashed migrations replacing the migrations they replace.

## What fails in production

`manage.py migrate` (and `makemigrations`) refuses to run before touching the database:

```
CommandError: Conflicting migrations detected; multiple leaf nodes in the migration graph: (0002_add_price, 0002_add_stock in shop).
To fix them run 'python manage.py makemigrations --merge'
```

A deploy that runs `migrate` stops there, and the new code runs against the old schema.

## Example

```python
# shop/migrations/0002_add_price.py
class Migration(migrations.Migration):
    dependencies = [("shop", "0001_initial")]

# shop/migrations/0002_add_stock.py
class Migration(migrations.Migration):  # a second leaf
    dependencies = [("shop", "0001_initial")]
```

## Fix

Run `python manage.py makemigrations --merge` and commit the merge migration, which depends on
every leaf. When one branch's migration can simply come after the other, make it depend on the
other's leaf instead (and rename it to keep the numbering readable).
)md"};

// The ancestors of `key` in its own app: the leaf with the most is the main line.
std::set<mig::NodeKey> ancestors_in_app(const mig::MigrationGraph& graph, const mig::NodeKey& key) {
  std::set<mig::NodeKey> seen;
  std::vector<mig::NodeKey> todo{key};
  while (!todo.empty()) {
    const mig::NodeKey current = todo.back();
    todo.pop_back();
    const mig::GraphNode* node = graph.find(current);
    if (!node) continue;
    for (const mig::NodeKey& parent : node->parents) {
      if (parent.app_label == key.app_label && seen.insert(parent).second) todo.push_back(parent);
    }
  }
  return seen;
}

// A leaf whose chain reaches a missing migration: the extra leaf is a consequence of the missing
// dependency (PF202), not a branch of its own.
bool broken(const mig::MigrationGraph& graph, const mig::NodeKey& leaf) {
  std::set<mig::NodeKey> chain = ancestors_in_app(graph, leaf);
  chain.insert(leaf);
  for (const mig::NodeKey& key : chain) {
    const mig::GraphNode* node = graph.find(key);
    if (node && node->dummy) return true;
  }
  return false;
}

void check(const project::Project& project, Findings& out) {
  for (const mig::MigrationGraph& graph : project.migrations().graphs) {
    for (const auto& [app, names] : graph.conflicts()) {
      std::vector<mig::NodeKey> leaves;
      for (const std::string& name : names) leaves.push_back(mig::NodeKey{app, name});
      if (std::any_of(leaves.begin(), leaves.end(),
                      [&](const mig::NodeKey& leaf) { return broken(graph, leaf); })) {
        continue;
      }
      // The main line: most ancestors, then the last name; every other leaf is reported.
      const mig::NodeKey main = *std::max_element(
          leaves.begin(), leaves.end(), [&](const mig::NodeKey& a, const mig::NodeKey& b) {
            const std::size_t left = ancestors_in_app(graph, a).size();
            const std::size_t right = ancestors_in_app(graph, b).size();
            return left != right ? left < right : a.name < b.name;
          });
      std::string listed;
      for (const std::string& name : names) listed += (listed.empty() ? "" : ", ") + name;
      const std::string failure = fmt::format(
          "CommandError: Conflicting migrations detected; multiple leaf nodes in the migration "
          "graph: ({} in {}).\nTo fix them run 'python manage.py makemigrations --merge'",
          listed, app);
      for (const mig::NodeKey& leaf : leaves) {
        if (leaf == main) continue;
        const mig::Migration* migration = graph.find(leaf)->migration;
        if (!migration) continue;
        Findings::Builder finding = out.add(kConflictingLeaves, migration->span);
        finding
            .message(fmt::format(
                "app `{}` has {} leaf migrations ({}): no migration depends on `{}`, so "
                "`migrate` refuses to run",
                app, leaves.size(), listed, leaf.name))
            .predicts(failure);
        for (const mig::NodeKey& other : leaves) {
          if (other == leaf) continue;
          if (const mig::Migration* sibling = graph.find(other)->migration) {
            finding.related(sibling->span,
                            fmt::format("another leaf of `{}`: `{}`", app, other.name));
          }
        }
        Fix fix;
        fix.message = fmt::format(
            "run `python manage.py makemigrations --merge` and commit the merge migration, or "
            "make `{}` depend on `{}`",
            leaf.name, main.name);
        finding.fix(std::move(fix));
      }
    }
  }
}

}  // namespace

PREFLIGHT_RULE(kConflictingLeaves, check);

}  // namespace preflight::rules
