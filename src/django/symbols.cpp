#include "django/symbols.h"

#include "django/python_values.h"

namespace preflight::django {

using python::Kind;
using python::Node;
using python::Value;

namespace {

// Deep enough for any real chain of re-exports; it stops cycles (`a` re-exports from `b`, which
// re-exports from `a`).
constexpr int kMaxReexportDepth = 24;

std::span<Node* const> body_of(const Node& node, std::string_view field = "body") {
  const Value& value = node.get(field);
  if (value.type != Value::Type::List) return {};
  return value.list;
}

// "a.b.c" -> "a.b"; "a" -> "".
std::string_view drop_last(std::string_view dotted) {
  const std::size_t dot = dotted.rfind('.');
  return dot == std::string_view::npos ? std::string_view() : dotted.substr(0, dot);
}

std::string join(std::string_view a, std::string_view b) {
  if (a.empty()) return std::string(b);
  if (b.empty()) return std::string(a);
  std::string result(a);
  result += '.';
  result += b;
  return result;
}

// The head name and the attributes of `a.b.c`; false for anything else.
bool flatten(const Node* node, std::string& head, std::vector<std::string_view>& attributes) {
  while (node && node->kind == Kind::Attribute) {
    attributes.insert(attributes.begin(), node->get("attr").text);
    node = node->get("value").node;
  }
  if (!node || node->kind != Kind::Name) return false;
  head = std::string(node->get("id").text);
  return true;
}

void collect_bindings(ModuleTable::Module& module, std::span<Node* const> statements) {
  for (const Node* statement : statements) {
    if (!statement) continue;
    switch (statement->kind) {
      case Kind::Import:
        for (const Node* alias : body_of(*statement, "names")) {
          const std::string_view name = alias->get("name").text;
          const std::string_view as = alias->get("asname").text;
          if (!as.empty()) {
            module.bindings[std::string(as)] = std::string(name);
          } else {
            const std::size_t dot = name.find('.');
            const std::string_view head = name.substr(0, dot);
            module.bindings[std::string(head)] = std::string(head);
          }
        }
        break;
      case Kind::ImportFrom: {
        std::string base;
        const std::int64_t level = statement->get("level").integer;
        if (level > 0) {
          std::string_view package =
              module.is_package ? std::string_view(module.name) : drop_last(module.name);
          for (std::int64_t i = 1; i < level; ++i) package = drop_last(package);
          base = join(package, statement->get("module").text);
        } else {
          base = std::string(statement->get("module").text);
        }
        for (const Node* alias : body_of(*statement, "names")) {
          const std::string_view name = alias->get("name").text;
          if (name == "*") {
            module.star_imports.push_back(base);
            continue;
          }
          const std::string_view as = alias->get("asname").text;
          module.bindings[std::string(as.empty() ? name : as)] = join(base, name);
        }
        break;
      }
      case Kind::ClassDef: {
        const std::string name(statement->get("name").text);
        module.bindings[name] = join(module.name, name);
        module.classes[name] = statement;
        break;
      }
      case Kind::If:
      case Kind::Try:
      case Kind::TryStar:
      case Kind::With:
        // Conditional imports (`try: import x except ImportError: ...`) bind in every branch.
        collect_bindings(module, body_of(*statement));
        collect_bindings(module, body_of(*statement, "orelse"));
        collect_bindings(module, body_of(*statement, "finalbody"));
        for (const Node* handler : body_of(*statement, "handlers")) {
          collect_bindings(module, body_of(*handler));
        }
        break;
      default:
        break;
    }
  }
}

bool is_dotted_path(std::string_view text) {
  if (text.empty() || text.size() > 200 || text.find('.') == std::string_view::npos) return false;
  bool at_start = true;
  for (const char c : text) {
    if (c == '.') {
      if (at_start) return false;
      at_start = true;
      continue;
    }
    const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    if (!letter && (at_start || c < '0' || c > '9')) return false;
    at_start = false;
  }
  return !at_start;
}

// Adds `dotted` and every package above it ("a.b.c": "a", "a.b", "a.b.c").
void add_with_packages(std::vector<std::string>& names, std::string_view dotted) {
  for (std::size_t dot = dotted.find('.'); dot != std::string_view::npos;
       dot = dotted.find('.', dot + 1)) {
    names.emplace_back(dotted.substr(0, dot));
  }
  if (!dotted.empty()) names.emplace_back(dotted);
}

void collect_references(const Node& node, std::string_view module_name, bool is_package,
                        std::vector<std::string>& names) {
  if (node.kind == Kind::Import) {
    for (const Node* alias : node.get("names").list)
      add_with_packages(names, alias->get("name").text);
  } else if (node.kind == Kind::ImportFrom) {
    std::string base;
    const std::int64_t level = node.get("level").integer;
    if (level > 0) {
      std::string_view package = is_package ? module_name : drop_last(module_name);
      for (std::int64_t i = 1; i < level; ++i) package = drop_last(package);
      base = join(package, node.get("module").text);
    } else {
      base = std::string(node.get("module").text);
    }
    add_with_packages(names, base);
    for (const Node* alias : node.get("names").list) {
      if (alias->get("name").text != "*") names.push_back(join(base, alias->get("name").text));
    }
  } else if (node.kind == Kind::Constant) {
    if (const std::optional<std::string_view> text = string_value(&node);
        text && is_dotted_path(*text)) {
      add_with_packages(names, *text);
    }
  }
  python::for_each_child(
      node, [&](const Node& child) { collect_references(child, module_name, is_package, names); });
}

}  // namespace

std::vector<std::string> referenced_module_names(const Node& module, std::string_view module_name,
                                                 bool is_package) {
  std::vector<std::string> names;
  collect_references(module, module_name, is_package, names);
  return names;
}

std::string_view last_component(std::string_view dotted) {
  const std::size_t dot = dotted.rfind('.');
  return dot == std::string_view::npos ? dotted : dotted.substr(dot + 1);
}

std::string_view parent_dir(std::string_view path) {
  const std::size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? std::string_view() : path.substr(0, slash);
}

std::string dotted_module_name(std::string_view path, const std::set<std::string>& package_dirs) {
  std::string_view stem = path;
  if (stem.ends_with(".py")) stem.remove_suffix(3);
  std::string name;
  std::string_view file =
      stem.substr(stem.rfind('/') == std::string_view::npos ? 0 : stem.rfind('/') + 1);
  if (file != "__init__") name = std::string(file);
  std::string_view dir = parent_dir(stem);
  while (!dir.empty() && package_dirs.count(std::string(dir))) {
    const std::size_t slash = dir.rfind('/');
    const std::string_view component =
        slash == std::string_view::npos ? dir : dir.substr(slash + 1);
    name = join(component, name);
    dir = parent_dir(dir);
  }
  return name;
}

ModuleTable::ModuleTable(std::span<const ModuleSource> sources) {
  std::set<std::string> package_dirs;
  for (const ModuleSource& source : sources) {
    if (source.path == "__init__.py" || source.path.ends_with("/__init__.py")) {
      package_dirs.insert(std::string(parent_dir(source.path)));
    }
  }
  modules_.reserve(sources.size());
  for (const ModuleSource& source : sources) {
    Module module;
    module.name = source.module_name.empty() ? dotted_module_name(source.path, package_dirs)
                                             : source.module_name;
    module.is_package = source.path == "__init__.py" || source.path.ends_with("/__init__.py");
    module.source = &source;
    if (module.name.empty()) continue;  // a root __init__.py names no module
    if (source.tree) collect_bindings(module, body_of(*source.tree));
    // The first file of a name wins, as the first entry of sys.path would.
    if (by_name_.emplace(module.name, modules_.size()).second)
      modules_.push_back(std::move(module));
  }
}

const ModuleTable::Module* ModuleTable::find(std::string_view dotted) const {
  const auto it = by_name_.find(dotted);
  return it == by_name_.end() ? nullptr : &modules_[it->second];
}

// The project module that binds `name` for `module`: itself, or one it star-imports (depth-first,
// as the names a star import brings are the bindings of the imported module).
const ModuleTable::Module* ModuleTable::binder(const Module& module, std::string_view name,
                                               int depth) const {
  if (depth > kMaxReexportDepth) return nullptr;
  if (module.bindings.count(name)) return &module;
  // Later star imports shadow earlier ones.
  for (auto it = module.star_imports.rbegin(); it != module.star_imports.rend(); ++it) {
    if (const Module* from = find(*it)) {
      if (const Module* found = binder(*from, name, depth + 1)) return found;
    }
  }
  return nullptr;
}

// The first star-imported module outside the project, seen through project star imports: where an
// unbound name most likely comes from (`from django.db.models import *`).
std::optional<std::string> ModuleTable::outside_star(const Module& module, int depth) const {
  if (depth > kMaxReexportDepth) return std::nullopt;
  for (const std::string& star : module.star_imports) {
    const Module* from = find(star);
    if (!from) return star;
    if (auto found = outside_star(*from, depth + 1)) return found;
  }
  return std::nullopt;
}

std::optional<std::string> ModuleTable::resolve(const Module& module,
                                                const Node* expression) const {
  std::string head;
  std::vector<std::string_view> attributes;
  if (!flatten(expression, head, attributes)) return std::nullopt;

  std::string base;
  if (const Module* owner = binder(module, head, 0)) {
    base = owner->bindings.find(head)->second;
  } else if (auto star = outside_star(module, 0)) {
    base = join(*star, head);
  } else {
    return std::nullopt;
  }
  for (const std::string_view attribute : attributes) base = join(base, attribute);
  return canonical(base);
}

std::string ModuleTable::canonical(std::string_view dotted) const {
  return canonical(dotted, 0);
}

std::string ModuleTable::canonical(std::string_view dotted, int depth) const {
  if (depth > kMaxReexportDepth) return std::string(dotted);
  // The longest prefix that is a project module.
  std::string_view prefix = dotted;
  const Module* module = nullptr;
  while (!prefix.empty()) {
    module = find(prefix);
    if (module) break;
    prefix = drop_last(prefix);
  }
  if (!module || prefix.size() == dotted.size()) return std::string(dotted);
  const std::string_view rest = dotted.substr(prefix.size() + 1);
  const std::size_t dot = rest.find('.');
  const std::string_view first = rest.substr(0, dot);
  const std::string_view tail =
      dot == std::string_view::npos ? std::string_view() : rest.substr(dot + 1);

  const Module* owner = binder(*module, first, 0);
  if (!owner) {
    if (auto star = outside_star(*module, 0)) return join(join(*star, first), tail);
    return std::string(dotted);
  }
  if (owner->classes.count(first)) return join(join(owner->name, first), tail);
  const std::string& target = owner->bindings.find(first)->second;
  if (target == join(owner->name, first)) return join(target, tail);  // bound to itself
  return canonical(join(target, tail), depth + 1);
}

}  // namespace preflight::django
