// The migration graph, step by step as Django 3.2's MigrationLoader.build_graph and
// MigrationGraph (django/db/migrations/loader.py, graph.py): nodes, internal then external
// dependencies (`__first__`/`__latest__` resolved against the graph as it stands), run_before,
// replacements, then the consistency check (dummy nodes left: NodeNotFoundError) and the cycle
// check (CircularDependencyError). No database: nothing is applied, so every squashed migration
// is used and the migrations it replaces are removed, their edges moved to the squash.
#include "django/migrations/graph.h"

#include <fmt/format.h>

#include <algorithm>
#include <deque>
#include <functional>
#include <map>
#include <optional>

namespace preflight::django::migrations {
namespace {

// Python's repr of a (str, str) tuple, as Django's messages print node keys.
std::string python_repr(const NodeKey& key) {
  auto quote = [](const std::string& text) {
    const bool double_quotes =
        text.find('\'') != std::string::npos && text.find('"') == std::string::npos;
    const char q = double_quotes ? '"' : '\'';
    std::string out(1, q);
    for (const char c : text) {
      if (c == '\\' || c == q) out += '\\';
      out += c;
    }
    return out + q;
  };
  return "(" + quote(key.app_label) + ", " + quote(key.name) + ")";
}

class Builder {
 public:
  Builder(MigrationGraph& graph, const ProjectModels& models, const GraphOptions& options)
      : graph_(graph), options_(options) {
    for (const App& app : models.apps) {
      if (app.project == graph.project) project_labels_.insert(app.label);
    }
  }

  void add_node(const Migration& migration) {
    GraphNode& node = graph_.nodes[NodeKey{migration.app_label, migration.name}];
    node.migration = &migration;
  }

  // A dependency entry as a node key; swappable dependencies follow AUTH_USER_MODEL
  // (`swappable_dependency` gives (app_label, "__first__")). nullopt when unknown.
  std::optional<NodeKey> key_of(const Dependency& entry) const {
    if (!entry.known) return std::nullopt;
    if (entry.swappable && entry.app_label == "__setting__") {
      if (!options_.auth_user_model) return std::nullopt;
      const std::string& model = *options_.auth_user_model;
      return NodeKey{model.substr(0, model.find('.')), "__first__"};
    }
    return NodeKey{entry.app_label, entry.name};
  }

  void add_internal_dependencies(const Migration& migration) {
    const NodeKey key{migration.app_label, migration.name};
    for (const Dependency& entry : migration.dependencies) {
      const auto parent = key_of(entry);
      // Ignore __first__ references to the same app.
      if (parent && parent->app_label == key.app_label && parent->name != "__first__") {
        add_dependency(Reference{&migration, &entry, false}, key, *parent);
      }
    }
  }

  void add_external_dependencies(const Migration& migration) {
    const NodeKey key{migration.app_label, migration.name};
    for (const Dependency& entry : migration.dependencies) {
      auto parent = key_of(entry);
      if (!parent || parent->app_label == key.app_label) continue;
      parent = check_key(*parent, key.app_label, entry);
      if (parent) add_dependency(Reference{&migration, &entry, false}, key, *parent);
    }
    for (const Dependency& entry : migration.run_before) {
      auto child = key_of(entry);
      if (!child) continue;
      child = check_key(*child, key.app_label, entry);
      if (child) add_dependency(Reference{&migration, &entry, true}, *child, key);
    }
  }

  // MigrationGraph.remove_replaced_nodes; false when the squash itself is gone.
  bool remove_replaced_nodes(const NodeKey& replacement, const std::vector<NodeKey>& replaced) {
    if (!graph_.nodes.count(replacement)) return false;
    const std::set<NodeKey> replaced_set(replaced.begin(), replaced.end());
    for (const NodeKey& replaced_key : replaced_set) {
      const auto it = graph_.nodes.find(replaced_key);
      if (it == graph_.nodes.end()) continue;
      const GraphNode removed = std::move(it->second);
      graph_.nodes.erase(it);
      GraphNode& squash = graph_.nodes.at(replacement);
      for (const NodeKey& child : removed.children) {
        GraphNode& child_node = graph_.nodes.at(child);
        child_node.parents.erase(replaced_key);
        // No edge between the replaced nodes and the squash: it would point at itself.
        if (!replaced_set.count(child)) {
          squash.children.insert(child);
          child_node.parents.insert(replacement);
        }
      }
      for (const NodeKey& parent : removed.parents) {
        GraphNode& parent_node = graph_.nodes.at(parent);
        parent_node.children.erase(replaced_key);
        if (!replaced_set.count(parent)) {
          squash.parents.insert(parent);
          parent_node.children.insert(replacement);
        }
      }
    }
    return true;
  }

  std::vector<NodeKey> roots_or_leaves(std::string_view app, bool roots) const {
    std::vector<NodeKey> found;
    for (const auto& [key, node] : graph_.nodes) {
      if (key.app_label != app) continue;
      const std::set<NodeKey>& links = roots ? node.parents : node.children;
      const std::string& label = key.app_label;  // clang 14 cannot capture a structured binding
      const bool alone = std::none_of(links.begin(), links.end(), [&](const NodeKey& other) {
        return other.app_label == label;
      });
      if (alone) found.push_back(key);
    }
    return found;  // sorted: the map is
  }

  std::vector<GraphProblem> unknown_apps;

 private:
  MigrationGraph& graph_;
  const GraphOptions& options_;
  std::set<std::string> project_labels_;

  // MigrationLoader.check_key: `__first__`/`__latest__` to a node, or nullopt to skip.
  std::optional<NodeKey> check_key(const NodeKey& key, const std::string& current_app,
                                   const Dependency& entry) {
    if ((key.name != "__first__" && key.name != "__latest__") || graph_.nodes.count(key)) {
      return key;
    }
    if (key.app_label == current_app) return std::nullopt;
    if (graph_.unmigrated_apps.count(key.app_label)) return std::nullopt;
    if (graph_.migrated_apps.count(key.app_label)) {
      const std::vector<NodeKey> found = roots_or_leaves(key.app_label, key.name == "__first__");
      if (found.empty()) return std::nullopt;  // ignore_no_migrations
      return found.front();
    }
    if (project_labels_.count(key.app_label)) {
      GraphProblem problem;
      problem.kind = GraphProblem::Kind::UnknownApp;
      problem.exception = "ValueError";
      problem.message = "Dependency on unknown app: " + key.app_label;
      problem.node = key;
      problem.span = entry.span;
      unknown_apps.push_back(std::move(problem));
      return std::nullopt;
    }
    return key;  // an app outside the project: its first or latest migration, unknown here
  }

  // MigrationGraph.add_dependency with skip_validation: missing nodes become dummies, except
  // nodes of apps outside the project, which preflight cannot see and takes as existing.
  void add_dependency(const Reference& reference, const NodeKey& child, const NodeKey& parent) {
    ensure_node(child, reference);
    ensure_node(parent, reference);
    graph_.nodes.at(child).parents.insert(parent);
    graph_.nodes.at(parent).children.insert(child);
  }

  void ensure_node(const NodeKey& key, const Reference& reference) {
    auto it = graph_.nodes.find(key);
    if (it == graph_.nodes.end()) {
      GraphNode node;
      if (project_labels_.count(key.app_label)) {
        node.dummy = true;
      } else {
        node.external = true;
      }
      it = graph_.nodes.emplace(key, std::move(node)).first;
    }
    if (it->second.dummy) it->second.references.push_back(reference);
  }
};

// A cycle through `start` inside its strongly connected component, following children (a
// node's children depend on it), shortest first.
std::vector<NodeKey> cycle_through(const MigrationGraph& graph, const NodeKey& start,
                                   const std::set<NodeKey>& component) {
  std::map<NodeKey, NodeKey> came_from;
  std::deque<NodeKey> queue{start};
  while (!queue.empty()) {
    const NodeKey key = queue.front();
    queue.pop_front();
    for (const NodeKey& child : graph.nodes.at(key).children) {
      if (!component.count(child)) continue;
      if (child == start) {
        std::vector<NodeKey> cycle{key};
        while (cycle.back() != start) cycle.push_back(came_from.at(cycle.back()));
        std::reverse(cycle.begin(), cycle.end());
        return cycle;
      }
      if (came_from.emplace(child, key).second) queue.push_back(child);
    }
  }
  return {start};
}

// Every cycle as one strongly connected component (Tarjan), each with one cycle through its
// smallest node.
std::vector<std::vector<NodeKey>> find_cycles(const MigrationGraph& graph) {
  std::map<NodeKey, int> index, low;
  std::set<NodeKey> on_stack;
  std::vector<NodeKey> stack;
  std::vector<std::vector<NodeKey>> cycles;
  int counter = 0;
  // Iterative, so that a long chain of migrations cannot overflow the stack.
  struct Frame {
    NodeKey key;
    std::set<NodeKey>::const_iterator next;
  };
  for (const auto& [root, root_node] : graph.nodes) {
    if (index.count(root)) continue;
    std::vector<Frame> frames;
    auto visit = [&](const NodeKey& key) {
      index[key] = low[key] = counter++;
      stack.push_back(key);
      on_stack.insert(key);
      frames.push_back(Frame{key, graph.nodes.at(key).children.begin()});
    };
    visit(root);
    while (!frames.empty()) {
      Frame& frame = frames.back();
      const GraphNode& node = graph.nodes.at(frame.key);
      if (frame.next != node.children.end()) {
        const NodeKey child = *frame.next++;
        if (!index.count(child)) {
          visit(child);
        } else if (on_stack.count(child)) {
          low[frame.key] = std::min(low[frame.key], index[child]);
        }
        continue;
      }
      const NodeKey key = frame.key;
      frames.pop_back();
      if (!frames.empty()) low[frames.back().key] = std::min(low[frames.back().key], low[key]);
      if (low[key] != index[key]) continue;
      std::set<NodeKey> component;
      while (true) {
        const NodeKey member = stack.back();
        stack.pop_back();
        on_stack.erase(member);
        component.insert(member);
        if (member == key) break;
      }
      const bool self_loop = graph.nodes.at(key).children.count(key) > 0;
      if (component.size() > 1 || self_loop) {
        cycles.push_back(cycle_through(graph, *component.begin(), component));
      }
    }
  }
  return cycles;
}

}  // namespace

MigrationGraph build_graph(std::size_t project, const std::vector<const Migration*>& migrations,
                           const ProjectModels& models, const GraphOptions& options,
                           std::vector<GraphProblem> problems,
                           const std::set<std::string>& migrated_apps) {
  MigrationGraph graph;
  graph.project = project;
  for (const App& app : models.apps) {
    if (app.project != project || app.installed == false) continue;
    (migrated_apps.count(app.label) ? graph.migrated_apps : graph.unmigrated_apps)
        .insert(app.label);
  }

  Builder builder(graph, models, options);
  for (const Migration* migration : migrations) builder.add_node(*migration);
  for (const Migration* migration : migrations) builder.add_internal_dependencies(*migration);
  for (const Migration* migration : migrations) builder.add_external_dependencies(*migration);
  problems.insert(problems.end(), builder.unknown_apps.begin(), builder.unknown_apps.end());

  // Replacements. Django walks them in the order it found the files (arbitrary); a squash that
  // another squash replaces is done first here, which is the order that succeeds, and the other
  // order is reported as a problem.
  std::set<NodeKey> squashes;
  for (const Migration* migration : migrations) {
    if (!migration->replaces.empty()) squashes.insert({migration->app_label, migration->name});
  }
  std::vector<const Migration*> order;
  for (const int pass : {0, 1}) {
    for (const Migration* migration : migrations) {
      if (migration->replaces.empty()) continue;
      bool replaced_by_squash = false;
      for (const Migration* other : migrations) {
        for (const Dependency& entry : other->replaces) {
          replaced_by_squash |= entry.app_label == migration->app_label &&
                                entry.name == migration->name && other != migration;
        }
      }
      if (replaced_by_squash == (pass == 0)) order.push_back(migration);
    }
  }
  for (const Migration* migration : order) {
    const NodeKey key{migration->app_label, migration->name};
    std::vector<NodeKey> replaced;
    for (const Dependency& entry : migration->replaces) {
      if (!entry.known) continue;
      replaced.push_back(NodeKey{entry.app_label, entry.name});
      if (squashes.count(replaced.back())) {
        GraphProblem problem;
        problem.kind = GraphProblem::Kind::ReplacementRemoved;
        problem.exception = "NodeNotFoundError";
        problem.node = replaced.back();
        problem.migration = migration;
        problem.span = entry.span;
        problem.message = fmt::format(
            "Unable to find replacement node {}. It was either never added to the migration "
            "graph, or has been removed.",
            python_repr(replaced.back()));
        problems.push_back(std::move(problem));
      }
    }
    if (builder.remove_replaced_nodes(key, replaced)) graph.replacements[key] = replaced;
  }

  // validate_consistency: every dummy node left is a NodeNotFoundError.
  for (const auto& [key, node] : graph.nodes) {
    if (!node.dummy) continue;
    GraphProblem problem;
    problem.kind = GraphProblem::Kind::NodeNotFound;
    problem.exception = "NodeNotFoundError";
    problem.node = key;
    problem.references = node.references;
    const Reference& first = node.references.front();
    problem.message = fmt::format("Migration {} dependencies reference nonexistent {} node {}",
                                  first.migration->label(), first.run_before ? "child" : "parent",
                                  python_repr(key));
    problems.push_back(std::move(problem));
  }
  for (std::vector<NodeKey>& cycle : find_cycles(graph)) {
    GraphProblem problem;
    problem.kind = GraphProblem::Kind::Cycle;
    problem.exception = "CircularDependencyError";
    std::string text;
    for (const NodeKey& key : cycle) text += (text.empty() ? "" : ", ") + key.label();
    problem.message = text;
    problem.node = cycle.front();
    problem.cycle = std::move(cycle);
    problems.push_back(std::move(problem));
  }
  graph.problems = std::move(problems);
  return graph;
}

std::vector<NodeKey> MigrationGraph::root_nodes(std::string_view app) const {
  std::vector<NodeKey> found;
  for (const auto& [key, node] : nodes) {
    if (node.dummy || (!app.empty() && key.app_label != app)) continue;
    const std::string& label = key.app_label;  // clang 14 cannot capture a structured binding
    if (std::none_of(node.parents.begin(), node.parents.end(),
                     [&](const NodeKey& other) { return other.app_label == label; })) {
      found.push_back(key);
    }
  }
  return found;
}

std::vector<NodeKey> MigrationGraph::leaf_nodes(std::string_view app) const {
  std::vector<NodeKey> found;
  for (const auto& [key, node] : nodes) {
    if (node.dummy || (!app.empty() && key.app_label != app)) continue;
    const std::string& label = key.app_label;  // clang 14 cannot capture a structured binding
    if (std::none_of(node.children.begin(), node.children.end(),
                     [&](const NodeKey& other) { return other.app_label == label; })) {
      found.push_back(key);
    }
  }
  return found;
}

std::map<std::string, std::vector<std::string>> MigrationGraph::conflicts() const {
  std::map<std::string, std::vector<std::string>> leaves;
  for (const NodeKey& key : leaf_nodes()) {
    if (nodes.at(key).external) continue;
    leaves[key.app_label].push_back(key.name);
  }
  std::map<std::string, std::vector<std::string>> found;
  for (auto& [app, names] : leaves) {
    if (names.size() > 1) found.emplace(app, std::move(names));
  }
  return found;
}

const GraphNode* MigrationGraph::find(const NodeKey& key) const {
  const auto it = nodes.find(key);
  return it == nodes.end() ? nullptr : &it->second;
}

}  // namespace preflight::django::migrations
