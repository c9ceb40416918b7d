// The Django project model: apps, models, their fields and Meta, computed from parsed source as
// Django itself computes them when it imports the project (ModelBase, Options, AppConfig), without
// importing anything. Every later family asks this model about tables, columns and names.
#pragma once

#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/source.h"
#include "django/names.h"
#include "python/ast.h"

namespace preflight::django {

// One parsed Python file as the model builder sees it.
struct ModuleSource {
  FileId file = 0;
  std::string path;                    // '/'-separated, relative to the checked root
  const python::Node* tree = nullptr;  // the Module node; null when the file does not parse
  const SourceFile* source = nullptr;  // for spans
  // The dotted module name when the caller knows it (packages above the checked folder count);
  // else derived from `path` and the `__init__.py` files among the modules.
  std::string module_name;
};

// A Django project: the tree under one Python root (the folder of a `manage.py`, or the checked
// root when there is none). Apps and models belong to exactly one; names collide only within one.
struct DjangoProject {
  std::string root;  // '/'-separated, relative to the checked root; "" for the root itself
};

struct App {
  std::size_t project = 0;  // index into ProjectModels::projects
  std::string name;         // the dotted module path ("tenants", "apps.billing"): AppConfig.name
  std::string label;        // AppConfig.label: given, or the last component of `name`
  std::string dir;          // '/'-separated, relative to the checked root
  // AppConfig.default_auto_field when the app's AppConfig sets it
  // ("django.db.models.BigAutoField").
  std::optional<std::string> default_auto_field;
  bool has_models = false;      // models.py or models/
  bool has_migrations = false;  // migrations/ with Python files
  // In the effective INSTALLED_APPS of the settings modules that run; nullopt when unknown.
  std::optional<bool> installed;
  // The PostgreSQL schemas `migrate` creates the app's tables in when django-tenants'
  // TenantSyncRouter decides it: "public" for SHARED_APPS, "tenant" (every tenant's schema) for
  // TENANT_APPS, none for an app in neither. nullopt: no such router, one schema for every app.
  std::optional<std::vector<std::string>> schemas;
};

struct Field {
  std::string name;
  // The class as Django names it (`type(field).__name__`): "CharField", "ForeignKey", or a
  // project-defined subclass's name.
  std::string class_name;
  // The nearest Django field class it is or derives from ("CharField" for a project subclass of
  // CharField); "" when unknown (a third-party field). Decides column types and default options.
  std::string django_class;
  // The subclass overrides db_type(), so the column type is unknown.
  bool custom_db_type = false;
  std::string column;  // db_column, else the attname (`name` + "_id" for a ForeignKey/OneToOne)
  bool primary_key = false;
  bool unique = false;    // unique=True, OneToOneField, or primary_key
  bool db_index = false;  // `field.db_index`: True by default for ForeignKey and SlugField
  bool null = false;
  bool auto_created = false;  // the implicit `id` or a multi-table `<parent>_ptr`
  bool is_relation = false;   // ForeignKey / OneToOneField / ManyToManyField
  // The target as written and resolved: "app_label.ModelName", "self" resolved to the model.
  std::optional<std::string> related_model;
  std::optional<std::string> to_field;  // ForeignKey(to_field=...)
  bool db_constraint = true;            // ForeignKey(db_constraint=False) creates no constraint
  bool parent_link = false;
  std::optional<std::string> db_collation;
  std::optional<std::string> db_table;  // ManyToManyField(db_table=...)
  std::optional<std::string> through;   // ManyToManyField(through=...)
  Span span;  // the assignment's target name (for an inherited field, in the parent's file)
  // The field's call as written and the dotted module it is written in (an inherited field's is
  // the parent's); null for an auto-created field. For comparing with migrations (drift).
  const python::Node* call = nullptr;
  std::string module;
};

struct Index {
  std::string class_name = "Index";  // "Index", "GinIndex", ...
  // The name after %(app_label)s / %(class)s interpolation, when one is given.
  std::optional<std::string> given_name;
  // The name Django gives an unnamed index (Index.set_name_with_model); nullopt when a name was
  // given, or when Django raises instead (no fields, name too long, unknown field).
  std::optional<std::string> generated_name;
  std::vector<IndexField> fields;    // as written in `fields=[...]`
  std::vector<std::string> columns;  // resolved; empty when a field is unknown
  bool has_expressions = false;      // positional expressions, condition, include or opclasses
  Span span;                         // the Index(...) call
  const python::Node* call = nullptr;
  std::string module;  // where the call is written

  // The name the index has in the database: given, else generated.
  const std::optional<std::string>& name() const {
    return given_name ? given_name : generated_name;
  }
};

struct Constraint {
  std::string class_name;                 // "UniqueConstraint", "CheckConstraint", ...
  std::optional<std::string> given_name;  // after interpolation; Django requires one
  std::vector<std::string> fields;
  Span span;
  const python::Node* call = nullptr;
  std::string module;  // where the call is written
};

// A Meta attribute as written, and the dotted module it is written in.
struct MetaOption {
  const python::Node* value = nullptr;
  std::string module;
};

// One entry of unique_together / index_together, normalised as Django does (a flat tuple of field
// names is one entry).
struct FieldGroup {
  std::vector<std::string> fields;
  Span span;
};

// An index or constraint the schema editor creates, named by Django or by PostgreSQL. These share
// the schema's relation namespace with tables.
struct SchemaObject {
  enum class Kind { Table, Index, Constraint };
  Kind kind = Kind::Index;
  std::string name;
  // Where the name comes from: "db_table", "Meta.indexes", "db_index", "_like", "unique_together",
  // "index_together", "foreign key", "Meta.constraints", "primary key", "unique", "m2m table".
  std::string origin;
  Span span;
};

struct Model {
  std::size_t project = 0;
  std::string module;      // dotted module path ("tenants.models")
  std::string name;        // the class name: Options.object_name
  std::string app_label;   // Meta.app_label, else the containing app's label; "" if none
  std::string model_name;  // object_name.lower()
  std::string db_table;    // given or default; for a proxy, the concrete parent's
  bool db_table_given = false;
  // False when the model's app is known not to be in INSTALLED_APPS: Django never loads it.
  bool app_installed = true;
  bool abstract = false;
  bool proxy = false;
  bool managed = true;
  // A base the builder could not see into (a third-party model or mixin): fields and Meta may be
  // incomplete, so rules that need completeness skip the model.
  bool has_unknown_bases = false;
  std::vector<std::string> bases;  // dotted paths of the bases as resolved
  // Labels of the concrete models it inherits from (multi-table inheritance, or a proxy's model).
  std::vector<std::string> parents;
  std::vector<Field> fields;        // `_meta.local_fields`: auto-created first, then in order
  std::vector<Field> many_to_many;  // `_meta.local_many_to_many`
  std::vector<Index> indexes;
  std::vector<Constraint> constraints;
  std::vector<FieldGroup> unique_together;
  std::vector<FieldGroup> index_together;
  std::optional<Span> index_together_span;  // the `index_together = ...` assignment
  std::vector<std::string> ordering;
  // The Meta attributes Django keeps in `_meta.original_attrs` that migrations record (db_table,
  // ordering, verbose_name, permissions, unique_together, ...), as written; read by name.
  std::map<std::string, MetaOption, std::less<>> meta_options;
  Span span;  // the class name

  // `_meta.get_field(name)` over local fields, by name or attname; null when unknown.
  const Field* find_field(std::string_view name_or_attname) const;
  std::string label() const { return app_label + "." + name; }
};

struct ModelOptions {
  DjangoVersion django_version;
  // Why this version: "[tool.preflight.django] version", "requirements.txt:3 (Django==3.2.25)",
  // or "default" (DESIGN.md "Versions").
  std::string django_version_source = "default";
  // The default database's max_name_length (PostgreSQL: 63).
  std::optional<int> max_name_length = 63;
  // settings.DEFAULT_AUTO_FIELD ("django.db.models.BigAutoField"); nullopt for Django's default,
  // AutoField. An app's AppConfig.default_auto_field comes first.
  std::optional<std::string> default_auto_field;
};

struct ProjectModels {
  std::vector<DjangoProject> projects;
  std::vector<App> apps;
  std::vector<Model> models;  // in file order, then source order; abstract models included

  const Model* find_model(std::size_t project, std::string_view app_label,
                          std::string_view name) const;
  // `_meta.get_field(name)`: the model's fields, then its concrete parents' (by name or attname).
  const Field* find_field(const Model& model, std::string_view name_or_attname) const;

  // Rebuilds the lookup behind find_model after `models` changed.
  void index_models();

 private:
  // "<project>/<app_label>/<lower-cased name>" -> index in `models` (concrete models only).
  std::map<std::string, std::size_t, std::less<>> by_label_;
};

// Finds the projects, apps and models of the parsed files (all of them; paths relative to the
// checked root).
ProjectModels build_models(std::span<const ModuleSource> modules, const ModelOptions& options);

// The table of a ManyToManyField: `db_table=`, the `through` model's table, or Django's automatic
// "<table>_<field>" (truncated). nullopt when the through model is unknown.
std::optional<std::string> many_to_many_table(const Model& model, const Field& field,
                                              const ProjectModels& models,
                                              const ModelOptions& options);

// The names the PostgreSQL schema editor gives what CREATE TABLE of `model` brings, in Django's
// order: the table, unique_together and foreign-key constraints, then db_index fields, their _like
// twins, index_together and Meta.indexes; and Meta.constraints, plus the names PostgreSQL picks
// for the primary key and inline UNIQUE. Empty for abstract, proxy and unmanaged models.
std::vector<SchemaObject> schema_objects(const Model& model, const ProjectModels& models,
                                         const ModelOptions& options);

}  // namespace preflight::django
