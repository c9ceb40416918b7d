// `preflight debug models PATH`: the Django project model as JSON — projects, apps, and each model
// with its table, fields and columns, indexes and constraints with their given or generated names,
// and what CREATE TABLE brings into the schema. The model oracle compares it with real Django.
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>
#include <thread>

#include "cli/options.h"
#include "cli/project_config.h"
#include "core/config.h"
#include "core/rule_catalog.h"
#include "project/project.h"
#include "rules/registry.h"

namespace preflight::cli {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

json optional_string(const std::optional<std::string>& value) {
  return value ? json(*value) : json(nullptr);
}

json groups_json(const std::vector<django::FieldGroup>& groups) {
  json result = json::array();
  for (const django::FieldGroup& group : groups) result.push_back(group.fields);
  return result;
}

std::string_view kind_name(django::SchemaObject::Kind kind) {
  switch (kind) {
    case django::SchemaObject::Kind::Table:
      return "table";
    case django::SchemaObject::Kind::Index:
      return "index";
    case django::SchemaObject::Kind::Constraint:
      return "constraint";
  }
  return "index";
}

json model_json(const django::Model& model, const project::Project& project) {
  const django::ProjectModels& models = project.django();
  const SourceMap& sources = project.sources();
  json fields = json::array();
  for (const django::Field& field : model.fields) {
    fields.push_back({{"name", field.name},
                      {"class", field.class_name},
                      {"column", field.column},
                      {"primary_key", field.primary_key},
                      {"unique", field.unique},
                      {"db_index", field.db_index},
                      {"null", field.null},
                      {"auto_created", field.auto_created},
                      {"related_model", optional_string(field.related_model)}});
  }
  json many_to_many = json::array();
  for (const django::Field& field : model.many_to_many) {
    many_to_many.push_back({{"name", field.name},
                            {"class", field.class_name},
                            {"table", optional_string(django::many_to_many_table(
                                          model, field, models, project.model_options()))},
                            {"related_model", optional_string(field.related_model)}});
  }
  json indexes = json::array();
  for (const django::Index& index : model.indexes) {
    json entries = json::array();
    for (const django::IndexField& field : index.fields) {
      entries.push_back((field.descending ? "-" : "") + field.field);
    }
    indexes.push_back({{"class", index.class_name},
                       {"name", optional_string(index.name())},
                       {"given", index.given_name.has_value()},
                       {"fields", entries},
                       {"columns", index.columns}});
  }
  json constraints = json::array();
  for (const django::Constraint& constraint : model.constraints) {
    constraints.push_back({{"class", constraint.class_name},
                           {"name", optional_string(constraint.given_name)},
                           {"fields", constraint.fields}});
  }
  json objects = json::array();
  for (const django::SchemaObject& object :
       django::schema_objects(model, models, project.model_options())) {
    objects.push_back(
        {{"kind", kind_name(object.kind)}, {"name", object.name}, {"origin", object.origin}});
  }
  const SourceFile& file = sources.file(model.span.file);
  return {{"project", model.project},
          {"app_label", model.app_label},
          {"name", model.name},
          {"module", model.module},
          {"path", display_path(file.path(), project.root())},
          {"line", model.span.start.line},
          {"table", model.db_table},
          {"db_table_given", model.db_table_given},
          {"abstract", model.abstract},
          {"proxy", model.proxy},
          {"managed", model.managed},
          {"unknown_bases", model.has_unknown_bases},
          {"fields", fields},
          {"many_to_many", many_to_many},
          {"indexes", indexes},
          {"constraints", constraints},
          {"unique_together", groups_json(model.unique_together)},
          {"index_together", groups_json(model.index_together)},
          {"ordering", model.ordering},
          {"schema_objects", objects}};
}

}  // namespace

int run_debug_models(const std::string& path_text) {
  std::error_code ec;
  const fs::path path = fs::absolute(path_text, ec).lexically_normal();
  if (ec || !fs::exists(path, ec)) {
    std::cerr << "preflight: error: path '" << path_text << "' does not exist\n";
    return kExitError;
  }
  const std::optional<Config> loaded = config_for(path);
  if (!loaded) return kExitError;
  const Config& config = *loaded;
  SourceMap sources;
  const project::Project project = project::load_project(
      path, config, sources,
      project::LoadOptions{
          false, std::max(1u, std::thread::hardware_concurrency()), std::nullopt, {}});
  const django::ProjectModels& models = project.django();

  json projects = json::array();
  for (const django::DjangoProject& django_project : models.projects) {
    projects.push_back({{"root", django_project.root}});
  }
  json apps = json::array();
  for (const django::App& app : models.apps) {
    apps.push_back({{"project", app.project},
                    {"name", app.name},
                    {"label", app.label},
                    {"dir", app.dir},
                    {"default_auto_field", optional_string(app.default_auto_field)},
                    {"has_models", app.has_models},
                    {"has_migrations", app.has_migrations}});
  }
  json model_list = json::array();
  for (const django::Model& model : models.models) model_list.push_back(model_json(model, project));
  std::cout << json{{"projects", projects}, {"apps", apps}, {"models", model_list}}.dump(2) << "\n";
  return kExitClean;
}

}  // namespace preflight::cli
