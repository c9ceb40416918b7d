#include "rules/models/model_rules.h"

#include <fmt/format.h>

#include <algorithm>

#include "django/python_values.h"

namespace preflight::rules::models {

bool creates_table(const django::Model& model) {
  return !model.abstract && !model.proxy && model.managed && model.app_installed;
}

namespace {

const python::Node* find_node(const python::Node& node, const python::Location& at,
                              python::Kind kind) {
  if (node.kind == kind && node.location.lineno == at.lineno &&
      node.location.col_offset == at.col_offset && node.location.end_lineno == at.end_lineno &&
      node.location.end_col_offset == at.end_col_offset) {
    return &node;
  }
  // Only descend into nodes that contain the target (nodes without a location always).
  const python::Location& here = node.location;
  if (here.lineno > 0 && (here.lineno > at.lineno || here.end_lineno < at.end_lineno)) {
    return nullptr;
  }
  const python::Node* found = nullptr;
  python::for_each_child(node, [&](const python::Node& child) {
    if (!found) found = find_node(child, at, kind);
  });
  return found;
}

}  // namespace

const python::Node* node_at(const project::Project& project, const Span& span, python::Kind kind) {
  for (const project::PythonModule& module : project.modules()) {
    if (module.id != span.file) continue;
    if (!module.parsed || !module.parsed->module) return nullptr;
    const SourceFile& file = project.sources().file(span.file);
    python::Location at;
    at.lineno = static_cast<std::int32_t>(span.start.line);
    at.col_offset =
        static_cast<std::int32_t>(span.begin - file.offset_at(Position{span.start.line, 1}));
    at.end_lineno = static_cast<std::int32_t>(span.stop.line);
    at.end_col_offset =
        static_cast<std::int32_t>(span.end - file.offset_at(Position{span.stop.line, 1}));
    return find_node(*module.parsed->module, at, kind);
  }
  return nullptr;
}

Span span_of(const project::Project& project, FileId file, const python::Node& node) {
  return django::node_span(project.sources().file(file), file, node);
}

Span point(const project::Project& project, FileId file, std::uint32_t offset) {
  return project.sources().file(file).span(file, offset, offset);
}

const python::Node* class_def(const project::Project& project, const django::Model& model) {
  for (const project::PythonModule& module : project.modules()) {
    if (module.id != model.span.file) continue;
    if (!module.parsed || !module.parsed->module) return nullptr;
    const python::Node* found = nullptr;
    // Models are classes at module level or nested in a class or function body.
    auto visit = [&](auto& self, const python::Node& node) -> void {
      if (found) return;
      if (node.kind == python::Kind::ClassDef && node.get("name").text == model.name &&
          node.location.lineno <= static_cast<std::int32_t>(model.span.start.line) &&
          node.location.end_lineno >= static_cast<std::int32_t>(model.span.start.line)) {
        const Span span = span_of(project, model.span.file, node);
        if (span.begin <= model.span.begin && model.span.end <= span.end) {
          found = &node;
          return;
        }
      }
      python::for_each_child(node, [&](const python::Node& child) { self(self, child); });
    };
    visit(visit, *module.parsed->module);
    return found;
  }
  return nullptr;
}

const python::Node* own_meta_assignment(const project::Project& project, const django::Model& model,
                                        std::string_view name) {
  const python::Node* node = class_def(project, model);
  if (!node) return nullptr;
  const python::Node* meta = nullptr;
  for (const python::Node* statement : node->get("body").list) {
    if (statement->kind == python::Kind::ClassDef && statement->get("name").text == "Meta") {
      meta = statement;
    }
  }
  if (!meta) return nullptr;
  const python::Node* found = nullptr;
  for (const python::Node* statement : meta->get("body").list) {
    if (statement->kind == python::Kind::Assign) {
      for (const python::Node* target : statement->get("targets").list) {
        if (django::name_id(target) == name) found = statement;
      }
    } else if (statement->kind == python::Kind::AnnAssign && statement->get("value").node &&
               django::name_id(statement->get("target").node) == name) {
      found = statement;
    }
  }
  return found;
}

const python::Node* call_keyword(const project::Project& project, const Span& call_span,
                                 std::string_view name) {
  const python::Node* call = node_at(project, call_span, python::Kind::Call);
  return call ? django::keyword_argument(*call, name) : nullptr;
}

std::string quoted_label(const django::Model& model) {
  return fmt::format("`{}`", model.label());
}

IndexNamer::IndexNamer(const project::Project& project) {
  const django::ProjectModels& models = project.django();
  for (const django::Model& model : models.models) {
    std::set<std::string, std::less<>>& names = taken_[model.project];
    for (const django::Index& index : model.indexes) {
      if (index.name()) names.insert(*index.name());
    }
    for (const django::Constraint& constraint : model.constraints) {
      if (constraint.given_name) names.insert(*constraint.given_name);
    }
    if (!creates_table(model)) continue;
    for (const django::SchemaObject& object :
         django::schema_objects(model, models, project.model_options())) {
      names.insert(object.name);
    }
  }
}

bool IndexNamer::taken(std::size_t django_project, const std::string& name) const {
  const auto it = taken_.find(django_project);
  return it != taken_.end() && it->second.count(name) > 0;
}

namespace {

// Lower-case ASCII letters, digits and single underscores; no leading or trailing underscore.
std::string name_part(std::string_view text) {
  std::string part;
  for (const char c : text) {
    char lower = c;
    if (c >= 'A' && c <= 'Z') lower = static_cast<char>(c - 'A' + 'a');
    const bool word = (lower >= 'a' && lower <= 'z') || (lower >= '0' && lower <= '9');
    if (word) {
      part += lower;
    } else if (!part.empty() && part.back() != '_') {
      part += '_';
    }
  }
  while (!part.empty() && part.back() == '_') part.pop_back();
  return part;
}

std::size_t joined_length(const std::vector<std::string>& parts) {
  std::size_t length = parts.empty() ? 0 : parts.size() - 1;
  for (const std::string& part : parts) length += part.size();
  return length;
}

}  // namespace

std::string IndexNamer::propose(std::size_t django_project, std::string_view model_name,
                                std::span<const django::IndexField> fields) {
  constexpr std::size_t kMaxLength = 30;  // Index.max_name_length; contrib.postgres allow more
  std::vector<std::string> base;
  std::string first = name_part(model_name);
  if (first.empty() || (first.front() >= '0' && first.front() <= '9')) first.insert(0, "i");
  base.push_back(std::move(first));
  for (const django::IndexField& field : fields) {
    if (std::string part = name_part(field.field); !part.empty()) base.push_back(std::move(part));
  }
  for (int counter = 1;; ++counter) {
    const std::string suffix = counter == 1 ? "_idx" : fmt::format("_{}_idx", counter);
    const std::size_t budget = kMaxLength - suffix.size();
    std::vector<std::string> parts = base;
    // Shorten the longest part (the first of equals) one character at a time; drop trailing
    // parts when every part is down to three characters.
    while (joined_length(parts) > budget) {
      auto longest = std::max_element(
          parts.begin(), parts.end(),
          [](const std::string& a, const std::string& b) { return a.size() < b.size(); });
      if (longest->size() <= 3 && parts.size() > 1) {
        parts.pop_back();
        continue;
      }
      longest->pop_back();
      while (longest->size() > 1 && longest->back() == '_') longest->pop_back();
    }
    std::string name;
    for (const std::string& part : parts) name += (name.empty() ? "" : "_") + part;
    name += suffix;
    if (!taken(django_project, name)) {
      taken_[django_project].insert(name);
      return name;
    }
  }
}

}  // namespace preflight::rules::models
