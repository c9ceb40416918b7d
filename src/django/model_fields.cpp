// Field declarations in a model's body, with the options Django derives from them
// (django/db/models/fields/__init__.py, fields/related.py).
#include <array>

#include "django/model_builder.h"
#include "django/python_values.h"

namespace preflight::django::detail {

using python::Kind;
using python::Node;

namespace {

// Modules whose `...Field` classes are Django's own.
constexpr std::array<std::string_view, 6> kDjangoFieldModules = {
    "django.db.models.",
    "django.contrib.postgres.fields.",
    "django.contrib.gis.db.models.",
    "django.contrib.contenttypes.fields.",
    "django.contrib.postgres.search.",
    "django.contrib.gis.db.models.fields.",
};

// Inheritance chains of field classes are short; this only stops cycles.
constexpr int kMaxFieldClassDepth = 16;

bool is_field_class_name(std::string_view name) {
  return name.ends_with("Field") || name.ends_with("ForeignKey") || name == "GenericRelation";
}

// The Django class a third-party field most likely derives from, by its name.
std::string django_class_by_name(std::string_view name) {
  if (name.ends_with("ForeignKey") && name != "GenericForeignKey") return "ForeignKey";
  if (name.ends_with("OneToOneField")) return "OneToOneField";
  if (name.ends_with("ManyToManyField")) return "ManyToManyField";
  return "";
}

bool defines_method(const Node& class_def, std::string_view method) {
  for (const Node* statement : class_def.get("body").list) {
    if ((statement->kind == Kind::FunctionDef || statement->kind == Kind::AsyncFunctionDef) &&
        statement->get("name").text == method) {
      return true;
    }
  }
  return false;
}

std::optional<FieldClass> field_class_of(const std::string& canonical, const ClassIndex& classes,
                                         int depth) {
  if (depth > kMaxFieldClassDepth) return std::nullopt;
  const std::string_view name = last_component(canonical);
  // Django's own classes by name first, also when Django's source is in the checked tree.
  for (const std::string_view prefix : kDjangoFieldModules) {
    if (canonical.starts_with(prefix) && is_field_class_name(name)) {
      return FieldClass{std::string(name), std::string(name)};
    }
  }
  if (const ClassInfo* info = classes.find(canonical)) {
    for (const std::string& base : classes.bases(*info)) {
      if (base.empty()) continue;
      std::optional<FieldClass> inherited = field_class_of(base, classes, depth + 1);
      if (!inherited) continue;
      return FieldClass{std::string(info->node->get("name").text), inherited->django_class,
                        inherited->custom_db_type || defines_method(*info->node, "db_type")};
    }
    return std::nullopt;
  }
  if (!is_field_class_name(name)) return std::nullopt;
  return FieldClass{std::string(name), django_class_by_name(name)};
}

bool is_foreign_key_like(std::string_view django_class) {
  return django_class == "ForeignKey" || django_class == "OneToOneField";
}

}  // namespace

std::optional<FieldClass> field_class_of(const std::string& canonical, const ClassIndex& classes) {
  return field_class_of(canonical, classes, 0);
}

FieldRole field_role(const FieldClass& field_class) {
  if (field_class.name == "GenericForeignKey" || field_class.name == "GenericRelation" ||
      field_class.django_class == "GenericRelation" ||
      field_class.django_class == "ForeignObject") {
    return FieldRole::NotAField;
  }
  if (field_class.django_class == "ManyToManyField") return FieldRole::ManyToMany;
  return FieldRole::Concrete;
}

std::vector<DeclaredField> declared_fields(const ClassInfo& info, const ClassIndex& classes) {
  std::vector<DeclaredField> fields;
  for (const Node* statement : info.node->get("body").list) {
    const Node* target = nullptr;
    const Node* value = nullptr;
    if (statement->kind == Kind::Assign && statement->get("targets").list.size() == 1) {
      target = statement->get("targets").list[0];
      value = statement->get("value").node;
    } else if (statement->kind == Kind::AnnAssign) {
      target = statement->get("target").node;
      value = statement->get("value").node;
    }
    if (name_id(target).empty() || !value || value->kind != Kind::Call) continue;
    const std::optional<std::string> callee =
        classes.table->resolve(*info.module, value->get("func").node);
    if (!callee) continue;
    const std::optional<FieldClass> field_class = field_class_of(*callee, classes);
    if (!field_class) continue;

    DeclaredField declared;
    declared.role = field_role(*field_class);
    if (declared.role == FieldRole::NotAField) continue;
    declared.order = (static_cast<std::uint64_t>(info.file_order) << 32) |
                     static_cast<std::uint32_t>(statement->location.lineno);
    Field& field = declared.field;
    field.name = std::string(name_id(target));
    field.class_name = field_class->name;
    field.django_class = field_class->django_class;
    field.custom_db_type = field_class->custom_db_type;
    field.span = span_in(info, *target);
    field.call = value;
    field.module = info.module->name;

    const bool relation =
        is_foreign_key_like(field.django_class) || declared.role == FieldRole::ManyToMany;
    field.is_relation = relation;
    if (relation) {
      const Node* to = keyword_argument(*value, "to");
      if (!to && !positional_arguments(*value).empty()) to = positional_arguments(*value)[0];
      if (const std::optional<std::string_view> text = string_value(to)) {
        declared.target = std::string(*text);
        declared.target_is_string = true;
      } else if (to) {
        declared.target = classes.table->resolve(*info.module, to);
      }
      if (const auto to_field = string_value(keyword_argument(*value, "to_field"))) {
        field.to_field = std::string(*to_field);
      }
      field.db_constraint = bool_value(keyword_argument(*value, "db_constraint")).value_or(true);
      field.parent_link = bool_value(keyword_argument(*value, "parent_link")).value_or(false);
      if (const auto through = keyword_argument(*value, "through")) {
        if (const auto text = string_value(through)) {
          field.through = std::string(*text);
        } else if (auto resolved = classes.table->resolve(*info.module, through)) {
          field.through = *resolved;
        }
      }
    }
    field.primary_key = bool_value(keyword_argument(*value, "primary_key")).value_or(false);
    const bool default_index =
        is_foreign_key_like(field.django_class) || field.django_class == "SlugField";
    field.db_index = bool_value(keyword_argument(*value, "db_index")).value_or(default_index);
    field.unique = field.primary_key || field.django_class == "OneToOneField" ||
                   bool_value(keyword_argument(*value, "unique")).value_or(false);
    field.null = bool_value(keyword_argument(*value, "null")).value_or(false);
    if (const auto collation = string_value(keyword_argument(*value, "db_collation"))) {
      field.db_collation = std::string(*collation);
    }
    if (const auto table = string_value(keyword_argument(*value, "db_table"))) {
      field.db_table = std::string(*table);
    }
    const std::optional<std::string_view> db_column =
        string_value(keyword_argument(*value, "db_column"));
    if (declared.role == FieldRole::ManyToMany) {
      field.column.clear();
    } else if (db_column) {
      field.column = std::string(*db_column);
    } else {
      field.column = is_foreign_key_like(field.django_class) ? field.name + "_id" : field.name;
    }
    fields.push_back(std::move(declared));
  }
  return fields;
}

}  // namespace preflight::django::detail
