// `preflight debug migrations PATH`: the migrations of the project's apps and each Django
// project's migration graph as JSON — every migration with its dependencies and operations, the
// nodes with their parents, the leaves, the conflicts and the problems Django would raise.
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>
#include <thread>

#include "cli/options.h"
#include "cli/project_config.h"
#include "core/config.h"
#include "project/project.h"

namespace preflight::cli {
namespace {

namespace fs = std::filesystem;
namespace mig = django::migrations;
using nlohmann::json;

json entries_json(const std::vector<mig::Dependency>& entries) {
  json result = json::array();
  for (const mig::Dependency& entry : entries) {
    if (!entry.known) {
      result.push_back(nullptr);  // not written literally
    } else {
      result.push_back({entry.app_label, entry.name});
    }
  }
  return result;
}

json operation_json(const mig::Operation& operation) {
  json arguments = json::object();
  for (const mig::Argument& argument : operation.arguments) {
    arguments[argument.name] = argument.span.start.line;
  }
  json result = {{"class", operation.class_name},
                 {"kind", std::string(mig::to_string(operation.kind))},
                 {"line", operation.span.start.line},
                 {"arguments", arguments}};
  if (!operation.notes.empty()) result["notes"] = operation.notes;
  auto nested = [](const std::vector<mig::Operation>& operations) {
    json list = json::array();
    for (const mig::Operation& inner : operations) list.push_back(operation_json(inner));
    return list;
  };
  if (!operation.database_operations.empty()) {
    result["database_operations"] = nested(operation.database_operations);
  }
  if (!operation.state_operations.empty()) {
    result["state_operations"] = nested(operation.state_operations);
  }
  auto sql = [](const mig::SqlArgument& argument) {
    json statements = json::array();
    for (const mig::SqlString& statement : argument.statements) {
      statements.push_back(statement.text ? json(*statement.text) : json(nullptr));
    }
    return json{{"noop", argument.noop}, {"known", argument.known}, {"statements", statements}};
  };
  if (operation.sql) result["sql"] = sql(*operation.sql);
  if (operation.reverse_sql) result["reverse_sql"] = sql(*operation.reverse_sql);
  auto code = [](const mig::PythonCode& python) {
    return json{
        {"name", python.function_name},
        {"function_line", python.function ? json(python.function->location.lineno) : json(nullptr)},
        {"noop", python.noop},
        {"lambda", python.lambda}};
  };
  if (operation.code) result["code"] = code(*operation.code);
  if (operation.reverse_code) result["reverse_code"] = code(*operation.reverse_code);
  if (operation.atomic) result["atomic"] = *operation.atomic;
  if (operation.extension) result["extension"] = *operation.extension;
  return result;
}

std::vector<std::string> labels(const std::vector<mig::NodeKey>& keys) {
  std::vector<std::string> result;
  for (const mig::NodeKey& key : keys) result.push_back(key.label());
  return result;
}

}  // namespace

int run_debug_migrations(const std::string& path_text) {
  std::error_code ec;
  const fs::path path = fs::absolute(path_text, ec).lexically_normal();
  if (ec || !fs::exists(path, ec)) {
    std::cerr << "preflight: error: path '" << path_text << "' does not exist\n";
    return kExitError;
  }
  const std::optional<Config> loaded = config_for(path);
  if (!loaded) return kExitError;
  SourceMap sources;
  const project::Project project = project::load_project(
      path, *loaded, sources,
      project::LoadOptions{
          false, std::max(1u, std::thread::hardware_concurrency()), std::nullopt, {}});
  const mig::MigrationSet& set = project.migrations();

  json migrations = json::array();
  for (const mig::Migration& migration : set.migrations) {
    json operations = json::array();
    for (const mig::Operation& operation : migration.operations) {
      operations.push_back(operation_json(operation));
    }
    migrations.push_back({{"project", migration.project},
                          {"label", migration.label()},
                          {"path", migration.path},
                          {"line", migration.span.start.line},
                          {"initial", migration.initial ? json(*migration.initial) : json(nullptr)},
                          {"atomic", migration.atomic},
                          {"dependencies", entries_json(migration.dependencies)},
                          {"replaces", entries_json(migration.replaces)},
                          {"run_before", entries_json(migration.run_before)},
                          {"operations", operations}});
  }
  json graphs = json::array();
  for (const mig::MigrationGraph& graph : set.graphs) {
    json nodes = json::object();
    for (const auto& [key, node] : graph.nodes) {
      nodes[key.label()] = {{"parents", labels({node.parents.begin(), node.parents.end()})},
                            {"external", node.external},
                            {"missing", node.dummy}};
    }
    json problems = json::array();
    for (const mig::GraphProblem& problem : graph.problems) {
      problems.push_back({{"exception", problem.exception}, {"message", problem.message}});
    }
    graphs.push_back({{"project", graph.project},
                      {"nodes", nodes},
                      {"leaves", labels(graph.leaf_nodes())},
                      {"conflicts", graph.conflicts()},
                      {"problems", problems}});
  }
  std::cout << json{{"migrations", migrations}, {"graphs", graphs}}.dump(2) << "\n";
  return kExitClean;
}

}  // namespace preflight::cli
