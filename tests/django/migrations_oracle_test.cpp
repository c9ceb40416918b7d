// The migration loader and graph against real Django: each fixture project under
// tests/django/migrations_oracle/ is loaded statically by load_migrations and by Django 3.2's
// MigrationLoader (dump_graph.py, run with /usr/bin/python3). The nodes of the project's apps,
// the missing (dummy) nodes, every node's parents, the leaves and the conflicts must be equal, and
// every migration's operations (class, RunSQL's SQL, RunPython's function, extension names);
// and the exception Django raises must be the first problem preflight finds (same type; the same
// message, or for a cycle the same nodes, as Django's pick among several depends on hashing).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "django/migrations/migrations.h"
#include "python/parser.h"
#include "support/oracle_process.h"
#include "support/parsed_project.h"

namespace preflight::django::migrations {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::ParsedProject;

const std::string kRoot = std::string(PREFLIGHT_SOURCE_DIR) + "/tests/django/migrations_oracle";

// Cycle nodes from Django's message "a.x, b.y".
std::set<std::string> cycle_nodes(const std::string& message) {
  std::set<std::string> nodes;
  std::size_t start = 0;
  while (start <= message.size()) {
    const std::size_t comma = message.find(", ", start);
    nodes.insert(message.substr(start, comma - start));
    if (comma == std::string::npos) break;
    start = comma + 2;
  }
  return nodes;
}

// An operation as dump_graph.py describes it.
std::string describe(const Operation& operation) {
  std::string kind = operation.class_name.substr(operation.class_name.rfind('.') + 1);
  if (operation.kind == OperationKind::SeparateDatabaseAndState) {
    std::string inner;
    for (const Operation& nested : operation.database_operations) inner += describe(nested) + " ";
    inner += "/";
    for (const Operation& nested : operation.state_operations) inner += " " + describe(nested);
    return kind + "(" + inner + ")";
  }
  if (operation.kind == OperationKind::RunSQL) {
    const bool one = operation.sql && operation.sql->statements.size() == 1 &&
                     operation.sql->node == operation.sql->statements[0].node &&
                     operation.sql->statements[0].text;
    return "RunSQL:" + (one ? *operation.sql->statements[0].text : std::string("?"));
  }
  if (operation.kind == OperationKind::RunPython) {
    const bool noop = operation.reverse_code && operation.reverse_code->noop;
    return "RunPython:" + (operation.code ? operation.code->function_name : "") +
           (noop ? "/noop" : "");
  }
  if (operation.kind == OperationKind::CreateExtension) {
    return kind + ":" + operation.extension.value_or("?");
  }
  return kind;
}

// What preflight finds, in the oracle's JSON shape.
json preflight_graph(const MigrationSet& set, const MigrationGraph* graph,
                     const std::set<std::string>& labels) {
  json out = {{"nodes", json::array()},      {"missing", json::array()},
              {"edges", json::array()},      {"leaves", json::array()},
              {"conflicts", json::object()}, {"operations", json::object()}};
  if (!graph) return out;
  for (const Migration& migration : set.migrations) {
    if (!labels.count(migration.app_label)) continue;
    json& described = out["operations"][migration.label()] = json::array();
    for (const Operation& operation : migration.operations)
      described.push_back(describe(operation));
  }
  auto name = [&](const NodeKey& key) {
    return labels.count(key.app_label) ? key.label() : key.app_label;
  };
  std::vector<std::string> nodes, missing, leaves;
  std::vector<std::vector<std::string>> edges;
  for (const auto& [key, node] : graph->nodes) {
    if (!labels.count(key.app_label)) continue;
    (node.dummy ? missing : nodes).push_back(name(key));
    for (const NodeKey& parent : node.parents) edges.push_back({name(key), name(parent)});
  }
  for (const NodeKey& key : graph->leaf_nodes()) {
    if (labels.count(key.app_label)) leaves.push_back(name(key));
  }
  std::sort(nodes.begin(), nodes.end());
  std::sort(missing.begin(), missing.end());
  std::sort(edges.begin(), edges.end());
  std::sort(leaves.begin(), leaves.end());
  out["nodes"] = nodes;
  out["missing"] = missing;
  out["edges"] = edges;
  out["leaves"] = leaves;
  for (const auto& [app, names] : graph->conflicts()) {
    if (labels.count(app)) out["conflicts"][app] = names;
  }
  return out;
}

TEST(MigrationsOracle, GraphsMatchDjango) {
  PREFLIGHT_REQUIRE_ORACLE(
      testing::command_output("/usr/bin/python3 -c 'import django' 2>/dev/null"),
      "/usr/bin/python3 with Debian's python3-django");
  std::ifstream manifest_file(kRoot + "/fixtures.json");
  const json manifest = json::parse(manifest_file);
  ASSERT_GE(manifest.size(), 12u);
  int projects = 0, equal = 0;
  for (const json& fixture : manifest) {
    const std::string dir = fixture["dir"];
    SCOPED_TRACE(dir);
    ++projects;
    const ParsedProject parsed(fs::path(kRoot) / dir, {"dump_graph.py"});
    ProjectModels models = build_models(parsed.modules, ModelOptions{});
    const std::vector<std::string> installed = fixture["installed"];
    std::set<std::string> labels;
    for (App& app : models.apps) {
      app.installed = std::find(installed.begin(), installed.end(), app.name) != installed.end();
      if (*app.installed) labels.insert(app.label);
    }
    GraphOptions options;
    options.auth_user_model = fixture["auth_user_model"].get<std::string>();
    if (fixture.contains("migration_modules")) {
      for (const auto& [label, module] : fixture["migration_modules"].items()) {
        options.migration_modules[label] =
            module.is_null() ? std::nullopt : std::optional(module.get<std::string>());
      }
    }
    const MigrationSet set = load_migrations(parsed.modules, models, options);
    ASSERT_LE(set.graphs.size(), 1u);
    const MigrationGraph* graph = set.graphs.empty() ? nullptr : &set.graphs.front();

    const auto real_text = testing::command_output(
        "env -i PATH=/usr/bin:/bin PYTHONDONTWRITEBYTECODE=1 /usr/bin/python3 " +
        testing::shell_quote(kRoot + "/dump_graph.py") + " " +
        testing::shell_quote(kRoot + "/" + dir) + " " +
        testing::shell_quote(fixture["settings"].get<std::string>()));
    ASSERT_TRUE(real_text) << "Django could not load " << dir;
    json real = json::parse(*real_text);
    const json real_error = real["error"];
    real.erase("error");

    bool same = true;
    const GraphProblem* first =
        graph && !graph->problems.empty() ? &graph->problems.front() : nullptr;
    if (real_error.is_null()) {
      if (first) {
        ADD_FAILURE() << dir << ": Django raises nothing, preflight finds " << first->exception
                      << ": " << first->message;
        same = false;
      }
    } else if (!first) {
      ADD_FAILURE() << dir << ": Django raises " << real_error.dump() << ", preflight nothing";
      same = false;
    } else {
      const std::string type = real_error["type"];
      const std::string message = real_error["message"];
      EXPECT_EQ(first->exception, type);
      same &= first->exception == type;
      if (type == "CircularDependencyError") {
        // Django reports the cycle from wherever its walk started.
        std::set<std::string> mine;
        for (const NodeKey& key : first->cycle) mine.insert(key.label());
        EXPECT_EQ(mine, cycle_nodes(message));
        same &= mine == cycle_nodes(message);
      } else {
        // Several missing nodes: Django reports the first it meets (hash order).
        bool found = false;
        for (const GraphProblem& problem : graph->problems) found |= problem.message == message;
        EXPECT_TRUE(found) << dir << ": Django says " << message << "; preflight first says "
                           << first->message;
        same &= found;
      }
      // Django stops there: the graph is compared only when it was complete.
      if (type != "NodeNotFoundError" && type != "CircularDependencyError") {
        if (same) ++equal;
        continue;
      }
    }
    const json mine = preflight_graph(set, graph, labels);
    for (const auto& [key, value] : real.items()) {
      EXPECT_EQ(mine[key], value) << dir << ": " << key;
      same &= mine[key] == value;
    }
    if (same) ++equal;
  }
  std::printf("migrations oracle: %d projects, %d graphs equal\n", projects, equal);
  EXPECT_EQ(projects, equal);
}

}  // namespace
}  // namespace preflight::django::migrations
