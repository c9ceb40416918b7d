// `class Meta` and the options Django reads from it (django/db/models/options.py): attributes are
// looked up as Python looks them up, through `class Meta(Parent.Meta)`.
#include "django/model_builder.h"
#include "django/python_values.h"

namespace preflight::django::detail {

using python::Kind;
using python::Node;

namespace {

// `class Meta(A.Meta, B.Meta)` chains are short; this only stops cycles.
constexpr int kMaxMetaDepth = 16;

std::optional<MetaValue> meta_attribute(const MetaClass& meta, std::string_view name,
                                        const ClassIndex& classes, int depth) {
  if (!meta.node || depth > kMaxMetaDepth) return std::nullopt;
  std::optional<MetaValue> found;
  for (const Node* statement : meta.node->get("body").list) {
    if (statement->kind == Kind::Assign) {
      for (const Node* target : statement->get("targets").list) {
        if (name_id(target) == name) found = MetaValue{statement->get("value").node, meta.owner};
      }
    } else if (statement->kind == Kind::AnnAssign && statement->get("value").node &&
               name_id(statement->get("target").node) == name) {
      found = MetaValue{statement->get("value").node, meta.owner};
    }
  }
  if (found) return found;
  for (const Node* base : meta.node->get("bases").list) {
    const std::optional<std::string> resolved = classes.table->resolve(*meta.owner->module, base);
    if (!resolved || !resolved->ends_with(".Meta")) continue;
    const ClassInfo* parent = classes.find(resolved->substr(0, resolved->size() - 5));
    if (!parent) continue;
    const Node* parent_meta = own_meta(*parent);
    if (!parent_meta) continue;
    if (auto value = meta_attribute(MetaClass{parent_meta, parent}, name, classes, depth + 1)) {
      return value;
    }
  }
  return std::nullopt;
}

std::optional<IndexClass> index_class_named(std::string_view name) {
  if (name == "Index") return kIndex;
  if (name == "BloomIndex") return kBloomIndex;
  if (name == "BrinIndex") return kBrinIndex;
  if (name == "BTreeIndex") return kBTreeIndex;
  if (name == "GinIndex") return kGinIndex;
  if (name == "GistIndex") return kGistIndex;
  if (name == "HashIndex") return kHashIndex;
  if (name == "SpGistIndex") return kSpGistIndex;
  return std::nullopt;
}

std::string callee_name(const Node& call, const ClassInfo& owner, const ClassIndex& classes) {
  const std::optional<std::string> resolved =
      classes.table->resolve(*owner.module, call.get("func").node);
  return resolved ? std::string(last_component(*resolved)) : std::string();
}

}  // namespace

Span span_in(const ClassInfo& owner, const Node& node) {
  return node_span(*owner.module->source->source, owner.module->source->file, node);
}

const Node* own_meta(const ClassInfo& info) {
  const Node* meta = nullptr;
  for (const Node* statement : info.node->get("body").list) {
    if (statement->kind == Kind::ClassDef && statement->get("name").text == "Meta")
      meta = statement;
  }
  return meta;
}

std::optional<MetaValue> meta_attribute(const MetaClass& meta, std::string_view name,
                                        const ClassIndex& classes) {
  return meta_attribute(meta, name, classes, 0);
}

std::optional<IndexClass> index_class_for(std::string_view class_name) {
  return index_class_named(class_name);
}

std::string interpolate_name(std::string_view name, std::string_view app_label,
                             std::string_view model_name) {
  std::string lowered_label(app_label);
  for (char& c : lowered_label) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  std::string result;
  for (std::size_t i = 0; i < name.size(); ++i) {
    if (name[i] != '%') {
      result += name[i];
      continue;
    }
    const std::string_view rest = name.substr(i);
    if (rest.starts_with("%(app_label)s")) {
      result += lowered_label;
      i += 12;
    } else if (rest.starts_with("%(class)s")) {
      result += model_name;
      i += 8;
    } else if (rest.starts_with("%%")) {
      result += '%';
      i += 1;
    } else {
      result += '%';  // Django would raise; keep the text as written
    }
  }
  return result;
}

void read_indexes(Model& model, const MetaValue& value, const ClassIndex& classes) {
  for (const Node* element : elements(value.value)) {
    if (!element || element->kind != Kind::Call) continue;
    Index index;
    index.class_name = callee_name(*element, *value.owner, classes);
    if (index.class_name.empty()) index.class_name = "Index";
    index.span = span_in(*value.owner, *element);
    index.call = element;
    index.module = value.owner->module->name;
    if (const auto fields = string_list(keyword_argument(*element, "fields"))) {
      for (const std::string& entry : *fields) index.fields.push_back(parse_index_field(entry));
    }
    if (const auto name = string_value(keyword_argument(*element, "name"));
        name && !name->empty()) {
      index.given_name = model.abstract
                             ? std::string(*name)
                             : interpolate_name(*name, model.app_label, model.model_name);
    }
    index.has_expressions =
        !positional_arguments(*element).empty() || keyword_argument(*element, "condition") ||
        keyword_argument(*element, "include") || keyword_argument(*element, "opclasses") ||
        keyword_argument(*element, "expressions");
    model.indexes.push_back(std::move(index));
  }
}

void read_constraints(Model& model, const MetaValue& value, const ClassIndex& classes) {
  for (const Node* element : elements(value.value)) {
    if (!element || element->kind != Kind::Call) continue;
    Constraint constraint;
    constraint.class_name = callee_name(*element, *value.owner, classes);
    constraint.span = span_in(*value.owner, *element);
    constraint.call = element;
    constraint.module = value.owner->module->name;
    if (const auto name = string_value(keyword_argument(*element, "name"))) {
      constraint.given_name = model.abstract
                                  ? std::string(*name)
                                  : interpolate_name(*name, model.app_label, model.model_name);
    }
    if (const auto fields = string_list(keyword_argument(*element, "fields"))) {
      constraint.fields = *fields;
    }
    model.constraints.push_back(std::move(constraint));
  }
}

std::vector<FieldGroup> read_field_groups(const MetaValue& value) {
  // django.db.models.options.normalize_together: a flat tuple of names is one group.
  std::vector<FieldGroup> groups;
  const std::span<Node* const> items = elements(value.value);
  if (items.empty()) return groups;
  const Span span = span_in(*value.owner, *value.value);
  if (!is_sequence(items[0])) {
    if (auto fields = string_list(value.value))
      groups.push_back(FieldGroup{std::move(*fields), span});
    return groups;
  }
  for (const Node* item : items) {
    if (auto fields = string_list(item)) {
      groups.push_back(FieldGroup{std::move(*fields), span_in(*value.owner, *item)});
    }
  }
  return groups;
}

}  // namespace preflight::django::detail
