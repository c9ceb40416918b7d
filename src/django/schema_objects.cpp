// What CREATE TABLE of a model brings into the PostgreSQL schema, named as Django's PostgreSQL
// schema editor names it (base/schema.py table_sql and _model_indexes_sql, postgresql/schema.py)
// or as PostgreSQL names what Django leaves unnamed.
#include <algorithm>

#include "django/models.h"

namespace preflight::django {

namespace {

using Kind = SchemaObject::Kind;

const Model* find_label(std::size_t project, std::string_view label, const ProjectModels& models) {
  const std::size_t dot = label.find('.');
  if (dot == std::string_view::npos) return nullptr;
  return models.find_model(project, label.substr(0, dot), label.substr(dot + 1));
}

// The model whose table a relation references: a proxy's concrete model.
const Model* related(const Model& model, const Field& field, const ProjectModels& models) {
  if (!field.related_model) return nullptr;
  const Model* target = find_label(model.project, *field.related_model, models);
  for (int hops = 0; target && target->proxy && !target->parents.empty() && hops < 64; ++hops) {
    target = find_label(target->project, target->parents.front(), models);
  }
  return target;
}

const Field* primary_key(const Model& model) {
  for (const Field& field : model.fields) {
    if (field.primary_key) return &field;
  }
  return nullptr;
}

// The field a relation points at: `to_field`, else the target's primary key.
const Field* target_field(const Model& target, const Field& relation) {
  if (relation.to_field) return target.find_field(*relation.to_field);  // local, as Django checks
  return primary_key(target);
}

// The start of `field.db_type()` on PostgreSQL, enough to decide the `_like` index; nullopt when
// unknown. A relation's column has its target's type (`rel_db_type`: serial becomes integer).
std::optional<std::string> column_type(const Model& model, const Field& field,
                                       const ProjectModels& models, int depth = 0) {
  if (field.custom_db_type || depth > 8) return std::nullopt;
  const std::string& type = field.django_class;
  if (type == "ForeignKey" || type == "OneToOneField") {
    const Model* target = related(model, field, models);
    if (!target) return std::nullopt;
    const Field* to = target_field(*target, field);
    if (!to) return std::nullopt;
    if (to->django_class == "AutoField") return "integer";
    if (to->django_class == "BigAutoField") return "bigint";
    if (to->django_class == "SmallAutoField") return "smallint";
    return column_type(*target, *to, models, depth + 1);
  }
  if (type == "CharField" || type == "SlugField" || type == "EmailField" || type == "URLField" ||
      type == "FileField" || type == "ImageField" || type == "FilePathField" ||
      type == "CommaSeparatedIntegerField") {
    return "varchar";
  }
  if (type == "TextField") return "text";
  if (type == "ArrayField") return "array[]";
  if (type.empty()) return std::nullopt;
  return "other";
}

std::vector<std::string> columns_of(const Model& model, const ProjectModels& models,
                                    const std::vector<std::string>& names) {
  std::vector<std::string> columns;
  for (const std::string& name : names) {
    const Field* field = models.find_field(model, name);
    columns.push_back(field ? field->column : name);
  }
  return columns;
}

}  // namespace

std::vector<SchemaObject> schema_objects(const Model& model, const ProjectModels& models,
                                         const ModelOptions& options) {
  std::vector<SchemaObject> objects;
  if (model.abstract || model.proxy || !model.managed) return objects;
  const std::optional<int> limit = options.max_name_length;
  const std::string& table = model.db_table;
  const std::string table_name = split_identifier(table).name;
  objects.push_back({Kind::Table, table_name, "db_table", model.span});

  // table_sql: unique_together, then a foreign key per relation, deferred in that order.
  for (const FieldGroup& group : model.unique_together) {
    objects.push_back({Kind::Constraint,
                       unique_name(table, columns_of(model, models, group.fields), limit),
                       "unique_together", group.span});
  }
  for (const Field& field : model.fields) {
    if (!field.is_relation || !field.db_constraint) continue;
    const Model* target = related(model, field, models);
    if (!target) continue;
    const Field* to = target_field(*target, field);
    if (!to) continue;
    objects.push_back({Kind::Constraint,
                       foreign_key_name(table, field.column,
                                        split_identifier(target->db_table).name, to->column, limit),
                       "foreign key", field.span});
  }
  // _model_indexes_sql: db_index fields (and their _like twins), index_together, Meta.indexes.
  for (const Field& field : model.fields) {
    if (field.db_index && !field.unique) {
      objects.push_back(
          {Kind::Index, field_index_name(table, field.column, limit), "db_index", field.span});
    }
    const std::optional<std::string> type = column_type(model, field, models);
    const Collation collation =
        field.db_collation ? Collation::kDeterministic : Collation::kDefault;
    if (type && postgres_needs_like_index(*type, field.db_index, field.unique, collation,
                                          options.django_version)) {
      objects.push_back(
          {Kind::Index, like_index_name(table, field.column, limit), "_like", field.span});
    }
  }
  for (const FieldGroup& group : model.index_together) {
    objects.push_back({Kind::Index,
                       index_together_name(table, columns_of(model, models, group.fields), limit),
                       "index_together", group.span});
  }
  for (const Index& index : model.indexes) {
    if (index.name()) objects.push_back({Kind::Index, *index.name(), "Meta.indexes", index.span});
  }

  // Named by Django's user, or by PostgreSQL itself.
  for (const Constraint& constraint : model.constraints) {
    if (constraint.given_name) {
      objects.push_back(
          {Kind::Constraint, *constraint.given_name, "Meta.constraints", constraint.span});
    }
  }
  const std::string stored_table = postgres_truncate_identifier(table_name);
  for (const Field& field : model.fields) {
    if (field.primary_key) {
      objects.push_back(
          {Kind::Constraint, postgres_primary_key_name(stored_table), "primary key", field.span});
      if (field.django_class.ends_with("AutoField")) {
        objects.push_back({Kind::Table, postgres_sequence_name(stored_table, field.column),
                           "sequence", field.span});
      }
    } else if (field.unique) {
      const std::vector<std::string> columns{field.column};
      objects.push_back(
          {Kind::Constraint, postgres_unique_name(stored_table, columns), "unique", field.span});
    }
  }
  for (const Field& field : model.many_to_many) {
    if (field.through) continue;  // the through model has its own table
    if (auto m2m = many_to_many_table(model, field, models, options)) {
      objects.push_back({Kind::Table, split_identifier(*m2m).name, "m2m table", field.span});
    }
  }
  return objects;
}

}  // namespace preflight::django
