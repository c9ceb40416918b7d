// Model classes and their inheritance, as ModelBase.__new__ and Options._prepare build them
// (django/db/models/base.py, options.py): which classes are models, the fields each one has
// (abstract parents' fields copied, a `<parent>_ptr` for a concrete parent, the automatic `id`),
// the Meta each one reads, and the relation targets and index names that need every model.
#include "django/models.h"

#include <algorithm>
#include <map>
#include <memory>
#include <set>

#include "django/model_builder.h"
#include "django/python_values.h"

namespace preflight::django {

using python::Kind;
using python::Node;
using namespace detail;

namespace {

// Inheritance chains are short; this only stops cycles (`class A(B)` / `class B(A)`).
constexpr int kMaxInheritanceDepth = 64;

bool is_django_model_root(std::string_view canonical) {
  return canonical == "django.db.models.Model" || canonical == "django.db.models.base.Model" ||
         canonical == "django.contrib.gis.db.models.Model";
}

// Django's own abstract models: their fields are not in the project, so a model built on them is
// incomplete.
bool is_django_abstract_model(std::string_view canonical) {
  return canonical.starts_with("django.contrib.auth.models.Abstract") ||
         canonical == "django.contrib.auth.base_user.AbstractBaseUser" ||
         canonical == "django.contrib.auth.models.PermissionsMixin" ||
         canonical == "django.contrib.sessions.base_session.AbstractBaseSession";
}

std::string ascii_lower(std::string_view text) {
  std::string result(text);
  for (char& c : result) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return result;
}

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && ascii_lower(a) == ascii_lower(b);
}

// The names a class body binds: a field of an abstract parent with one of these names is not
// inherited (ModelBase: `field.name not in new_class.__dict__`).
std::set<std::string, std::less<>> names_bound_in(const Node& class_def) {
  std::set<std::string, std::less<>> names;
  for (const Node* statement : class_def.get("body").list) {
    switch (statement->kind) {
      case Kind::Assign:
        for (const Node* target : statement->get("targets").list) {
          if (!name_id(target).empty()) names.emplace(name_id(target));
        }
        break;
      case Kind::AnnAssign:
        if (!name_id(statement->get("target").node).empty()) {
          names.emplace(name_id(statement->get("target").node));
        }
        break;
      case Kind::FunctionDef:
      case Kind::AsyncFunctionDef:
      case Kind::ClassDef:
        names.emplace(statement->get("name").text);
        break;
      default:
        break;
    }
  }
  return names;
}

// The span of `class Name`, on the class's first line.
Span class_name_span(const ClassInfo& info) {
  const SourceFile& file = *info.module->source->source;
  const Span whole = span_in(info, *info.node);
  const std::string_view name = info.node->get("name").text;
  const std::string_view line = file.line_text(whole.start.line);
  const std::uint32_t line_start = file.offset_at(Position{whole.start.line, 1});
  const std::size_t at = line.find(name, whole.begin - line_start);
  if (at == std::string_view::npos) return file.span(whole.file, whole.begin, whole.begin);
  const auto begin = static_cast<std::uint32_t>(line_start + at);
  return file.span(whole.file, begin, begin + static_cast<std::uint32_t>(name.size()));
}

struct BuiltClass {
  enum class State { Visiting, Done };
  State state = State::Visiting;
  const ClassInfo* info = nullptr;
  bool is_model = false;
  Model model;
  std::vector<DeclaredField> concrete;  // local concrete fields, with their relation targets
  std::vector<DeclaredField> many_to_many;
  // The Meta that `getattr(cls, "Meta")` finds for subclasses: an abstract model's own Meta; for
  // a concrete model the one it inherited (Django pops a concrete model's own Meta).
  std::optional<MetaClass> meta_for_subclasses;
  std::vector<const BuiltClass*> concrete_parents;
};

// A declared `parent_link=True` field points at `parent` (by class or by a string label).
bool links_to(const DeclaredField& field, const BuiltClass& parent) {
  const std::string& target = *field.target;
  if (!field.target_is_string) return target == parent.info->canonical;
  const std::size_t dot = target.find('.');
  const std::string_view name = dot == std::string::npos ? std::string_view(target)
                                                         : std::string_view(target).substr(dot + 1);
  return equals_ignoring_case(name, parent.model.name);
}

class ModelBuilder {
 public:
  ModelBuilder(const ClassIndex& classes, std::span<const App> apps, std::size_t project,
               const ModelOptions& options)
      : classes_(classes), apps_(apps), project_(project), options_(options) {}

  const BuiltClass* build(const std::string& canonical, int depth = 0) {
    if (const auto it = built_.find(canonical); it != built_.end()) {
      return it->second->state == BuiltClass::State::Done ? it->second.get() : nullptr;
    }
    const ClassInfo* info = classes_.find(canonical);
    if (!info || depth > kMaxInheritanceDepth) return nullptr;
    auto owned = std::make_unique<BuiltClass>();
    BuiltClass& built = *owned;
    built.info = info;
    built_.emplace(canonical, std::move(owned));
    construct(built, depth);
    built.state = BuiltClass::State::Done;
    return &built;
  }

 private:
  const ClassIndex& classes_;
  std::span<const App> apps_;
  std::size_t project_;
  const ModelOptions& options_;
  std::map<std::string, std::unique_ptr<BuiltClass>, std::less<>> built_;

  void construct(BuiltClass& built, int depth);
};

void ModelBuilder::construct(BuiltClass& built, int depth) {
  const ClassInfo& info = *built.info;
  Model& model = built.model;
  model.project = project_;
  model.module = info.module->name;
  model.name = std::string(info.node->get("name").text);
  model.model_name = model_name_for(model.name).value_or(ascii_lower(model.name));
  model.span = class_name_span(info);

  // Which bases are models.
  std::vector<const BuiltClass*> model_parents;
  std::optional<MetaClass> inherited_meta;
  bool outside_model_base = false;
  for (const std::string& base : classes_.bases(info)) {
    if (base.empty()) continue;
    model.bases.push_back(base);
    if (is_django_model_root(base)) {
      built.is_model = true;
    } else if (is_django_abstract_model(base) && !classes_.find(base)) {
      // Outside the checked tree (when Django's own source is checked, it is inside).
      built.is_model = true;
      model.has_unknown_bases = true;
    } else if (classes_.find(base)) {
      const BuiltClass* parent = build(base, depth + 1);
      if (!parent) continue;
      if (parent->is_model) {
        built.is_model = true;
        model_parents.push_back(parent);
        if (parent->model.has_unknown_bases) model.has_unknown_bases = true;
        if (!inherited_meta) inherited_meta = parent->meta_for_subclasses;
      } else if (!inherited_meta) {
        if (const Node* meta = own_meta(*parent->info))
          inherited_meta = MetaClass{meta, parent->info};
      }
    } else if (last_component(base).ends_with("Model")) {
      // A third-party abstract model (django-extensions' TimeStampedModel, PolymorphicModel...).
      outside_model_base = true;
    }
  }
  if (!built.is_model && outside_model_base && model.module.find("models") != std::string::npos) {
    built.is_model = true;
  }
  if (outside_model_base) model.has_unknown_bases = true;
  if (!built.is_model) return;

  // Meta: the class's own, else the one its bases expose.
  const Node* own = own_meta(info);
  const std::optional<MetaClass> meta = own ? std::optional(MetaClass{own, &info}) : inherited_meta;
  auto option = [&](std::string_view name) -> std::optional<MetaValue> {
    if (!meta) return std::nullopt;
    return meta_attribute(*meta, name, classes_);
  };
  // `abstract` is read from the class's own Meta only: Django resets it to False on an abstract
  // model's Meta, so subclasses inheriting that Meta are concrete.
  if (own) {
    for (const Node* statement : own->get("body").list) {
      if (statement->kind != Kind::Assign) continue;
      for (const Node* target : statement->get("targets").list) {
        if (name_id(target) == "abstract") {
          model.abstract = bool_value(statement->get("value").node).value_or(false);
        }
      }
    }
  }
  built.meta_for_subclasses = model.abstract ? meta : inherited_meta;
  if (model.abstract && own) built.meta_for_subclasses = MetaClass{own, &info};

  if (const auto value = option("app_label"); value && string_value(value->value)) {
    model.app_label = std::string(*string_value(value->value));
  } else if (const App* app = containing_app(apps_, info.module->source->path)) {
    model.app_label = app->label;
  }
  if (const auto value = option("proxy")) model.proxy = bool_value(value->value).value_or(false);
  if (const auto value = option("managed")) model.managed = bool_value(value->value).value_or(true);

  for (const BuiltClass* parent : model_parents) {
    if (parent->model.abstract) continue;
    built.concrete_parents.push_back(parent);
    model.parents.push_back(parent->model.label());
  }

  // Fields: the class's own, abstract parents' copies, a parent link per concrete parent.
  std::vector<DeclaredField> own_fields = declared_fields(info, classes_);
  const std::set<std::string, std::less<>> bound = names_bound_in(*info.node);
  std::vector<DeclaredField> inherited;
  std::set<std::string, std::less<>> taken = bound;
  std::vector<DeclaredField> auto_fields;
  std::set<std::string> declared_links;
  for (const BuiltClass* parent : model_parents) {
    if (parent->model.abstract) {
      for (const auto* list : {&parent->concrete, &parent->many_to_many}) {
        for (const DeclaredField& field : *list) {
          if (!taken.insert(field.field.name).second) continue;
          inherited.push_back(field);
        }
      }
    } else if (!model.proxy) {
      const auto declared_link =
          std::find_if(own_fields.begin(), own_fields.end(), [&](const DeclaredField& field) {
            return field.field.parent_link && field.target && links_to(field, *parent);
          });
      if (declared_link != own_fields.end()) {
        declared_links.insert(declared_link->field.name);
        continue;
      }
      DeclaredField link;
      link.field.name = parent->model.model_name + "_ptr";
      link.field.class_name = "OneToOneField";
      link.field.django_class = "OneToOneField";
      link.field.column = link.field.name + "_id";
      link.field.unique = true;
      link.field.db_index = true;
      link.field.auto_created = true;
      link.field.is_relation = true;
      link.field.parent_link = true;
      link.field.span = model.span;
      link.target = parent->info->canonical;
      auto_fields.push_back(std::move(link));
    }
  }
  std::stable_sort(
      inherited.begin(), inherited.end(),
      [](const DeclaredField& a, const DeclaredField& b) { return a.order < b.order; });

  std::vector<DeclaredField> all = std::move(inherited);
  all.insert(all.end(), own_fields.begin(), own_fields.end());
  if (model.proxy) all.clear();  // a proxy has no fields of its own (models.E017)
  for (DeclaredField& field : all) {
    (field.role == FieldRole::ManyToMany ? built.many_to_many : built.concrete)
        .push_back(std::move(field));
  }

  // The primary key: a field marked so, else the first parent link, else an automatic `id`.
  const bool has_primary_key =
      std::any_of(built.concrete.begin(), built.concrete.end(),
                  [](const DeclaredField& field) { return field.field.primary_key; });
  // Options._prepare: the first parent link (declared or automatic) becomes the primary key.
  DeclaredField* first_link = nullptr;
  for (DeclaredField& field : built.concrete) {
    if (!first_link && declared_links.count(field.field.name)) first_link = &field;
  }
  if (!first_link && !auto_fields.empty()) first_link = &auto_fields.front();
  if (!has_primary_key && first_link) {
    first_link->field.primary_key = true;
    first_link->field.unique = true;
  } else if (!has_primary_key && !model.abstract && !model.proxy) {
    DeclaredField id;
    // Options._get_default_pk_class reads the AppConfig of the model's app_label.
    std::string auto_class = options_.default_auto_field
                                 ? std::string(last_component(*options_.default_auto_field))
                                 : "AutoField";
    for (const App& app : apps_) {
      if (app.label == model.app_label && app.default_auto_field) {
        auto_class = std::string(last_component(*app.default_auto_field));
      }
    }
    id.field.name = "id";
    id.field.class_name = auto_class;
    id.field.django_class = auto_class;
    id.field.column = "id";
    id.field.primary_key = true;
    id.field.unique = true;
    id.field.auto_created = true;
    id.field.span = model.span;
    auto_fields.insert(auto_fields.begin(), std::move(id));
  }
  built.concrete.insert(built.concrete.begin(), auto_fields.begin(), auto_fields.end());
  for (const DeclaredField& field : built.concrete) model.fields.push_back(field.field);
  for (const DeclaredField& field : built.many_to_many) model.many_to_many.push_back(field.field);

  // Table.
  if (const auto value = option("db_table"); value && string_value(value->value)) {
    model.db_table = std::string(*string_value(value->value));
    model.db_table_given = !model.db_table.empty();
  }
  if (!model.db_table_given) {
    model.db_table = default_db_table(model.app_label, model.model_name, options_.max_name_length);
  }
  if (model.proxy) {
    const BuiltClass* concrete =
        built.concrete_parents.empty() ? nullptr : built.concrete_parents[0];
    while (concrete && concrete->model.proxy && !concrete->concrete_parents.empty()) {
      concrete = concrete->concrete_parents[0];
    }
    if (concrete) model.db_table = concrete->model.db_table;
  }

  // The options migrations record (ModelState.from_model reads `_meta.original_attrs`).
  for (const std::string_view name : {"db_table",
                                      "ordering",
                                      "unique_together",
                                      "index_together",
                                      "verbose_name",
                                      "verbose_name_plural",
                                      "permissions",
                                      "default_permissions",
                                      "get_latest_by",
                                      "managed",
                                      "proxy",
                                      "default_related_name",
                                      "base_manager_name",
                                      "default_manager_name",
                                      "select_on_save",
                                      "order_with_respect_to",
                                      "db_tablespace",
                                      "required_db_features",
                                      "required_db_vendor",
                                      "apps",
                                      "abstract",
                                      "app_label",
                                      "indexes",
                                      "constraints"}) {
    if (const auto value = option(name)) {
      model.meta_options.emplace(name, MetaOption{value->value, value->owner->module->name});
    }
  }

  // Collections.
  if (const auto value = option("indexes")) read_indexes(model, *value, classes_);
  if (const auto value = option("constraints")) read_constraints(model, *value, classes_);
  if (const auto value = option("unique_together"))
    model.unique_together = read_field_groups(*value);
  if (const auto value = option("index_together")) {
    model.index_together = read_field_groups(*value);
    model.index_together_span = span_in(*value->owner, *value->value);
  }
  if (const auto value = option("ordering")) {
    if (auto ordering = string_list(value->value)) model.ordering = std::move(*ordering);
  } else if (!model_parents.empty() && !model_parents[0]->model.abstract) {
    model.ordering = model_parents[0]->model.ordering;  // from a concrete parent's _meta
  }
}

// "app_label.Model" of what a relation points at, seen from `model`.
std::optional<std::string> relation_label(const DeclaredField& declared, const Model& model,
                                          const ProjectModels& result,
                                          const std::map<std::string, const Model*>& by_class) {
  if (!declared.target) return std::nullopt;
  const std::string& target = *declared.target;
  if (declared.target_is_string) {
    if (target == "self") return model.label();
    const std::size_t dot = target.find('.');
    const std::string app = dot == std::string::npos ? model.app_label : target.substr(0, dot);
    const std::string name = dot == std::string::npos ? target : target.substr(dot + 1);
    if (const Model* found = result.find_model(model.project, app, name)) return found->label();
    return app + "." + name;
  }
  if (const auto it = by_class.find(target); it != by_class.end()) return it->second->label();
  if (target == "django.conf.settings.AUTH_USER_MODEL") return "auth.User";  // until settings
  if (target.starts_with("django.contrib.")) {
    // django.contrib.<app>.models.<Model>: the contrib app's label is its package name.
    const std::string_view rest = std::string_view(target).substr(15);
    const std::size_t dot = rest.find('.');
    if (dot != std::string_view::npos) {
      return std::string(rest.substr(0, dot)) + "." + std::string(last_component(target));
    }
  }
  return std::nullopt;
}

}  // namespace

const Field* Model::find_field(std::string_view name_or_attname) const {
  for (const Field& field : fields) {
    if (field.name == name_or_attname) return &field;
  }
  for (const Field& field : fields) {
    if (field.is_relation && name_or_attname.size() == field.name.size() + 3 &&
        name_or_attname.starts_with(field.name) && name_or_attname.ends_with("_id")) {
      return &field;
    }
  }
  return nullptr;
}

namespace {

std::string label_key(std::size_t project, std::string_view app_label, std::string_view name) {
  std::string key = std::to_string(project);
  key += '/';
  key += app_label;
  key += '/';
  key += ascii_lower(name);
  return key;
}

}  // namespace

void ProjectModels::index_models() {
  by_label_.clear();
  for (std::size_t i = 0; i < models.size(); ++i) {
    if (models[i].abstract) continue;
    by_label_.emplace(label_key(models[i].project, models[i].app_label, models[i].name), i);
  }
}

const Model* ProjectModels::find_model(std::size_t project, std::string_view app_label,
                                       std::string_view name) const {
  const auto it = by_label_.find(label_key(project, app_label, name));
  return it == by_label_.end() ? nullptr : &models[it->second];
}

const Field* ProjectModels::find_field(const Model& model, std::string_view name_or_attname) const {
  std::vector<const Model*> chain{&model};
  for (std::size_t at = 0; at < chain.size() && chain.size() < 64; ++at) {
    if (const Field* field = chain[at]->find_field(name_or_attname)) return field;
    for (const std::string& parent : chain[at]->parents) {
      const std::size_t dot = parent.find('.');
      if (const Model* found =
              find_model(chain[at]->project, parent.substr(0, dot), parent.substr(dot + 1))) {
        chain.push_back(found);
      }
    }
  }
  return nullptr;
}

std::vector<std::string> ClassIndex::bases(const ClassInfo& info) const {
  std::vector<std::string> result;
  for (const Node* base : info.node->get("bases").list) {
    result.push_back(table->resolve(*info.module, base).value_or(""));
  }
  return result;
}

ProjectModels build_models(std::span<const ModuleSource> modules, const ModelOptions& options) {
  ProjectModels result;
  std::vector<std::size_t> project_of;
  result.projects = find_projects(modules, project_of);

  for (std::size_t project = 0; project < result.projects.size(); ++project) {
    std::vector<ModuleSource> members;
    for (std::size_t i = 0; i < modules.size(); ++i) {
      if (project_of[i] == project) members.push_back(modules[i]);
    }
    const ModuleTable table(members);
    const std::vector<App> apps = find_apps(project, table);
    const std::size_t first_app = result.apps.size();
    result.apps.insert(result.apps.end(), apps.begin(), apps.end());

    ClassIndex classes;
    classes.table = &table;
    std::vector<std::string> in_source_order;
    std::size_t file_order = 0;
    for (const ModuleTable::Module& module : table.modules()) {
      ++file_order;
      if (!module.source->tree) continue;
      for (const Node* statement : module.source->tree->get("body").list) {
        if (statement->kind != Kind::ClassDef) continue;
        ClassInfo info{&module, statement,
                       module.name + "." + std::string(statement->get("name").text), file_order};
        in_source_order.push_back(info.canonical);
        classes.by_name.insert_or_assign(info.canonical, info);
      }
    }

    ModelBuilder builder(classes, std::span(result.apps).subspan(first_app), project, options);
    std::vector<const BuiltClass*> built_models;
    const std::size_t first_model = result.models.size();
    std::set<std::string> seen;
    for (const std::string& canonical : in_source_order) {
      if (!seen.insert(canonical).second) continue;
      const BuiltClass* built = builder.build(canonical);
      if (!built || !built->is_model) continue;
      built_models.push_back(built);
      result.models.push_back(built->model);
    }

    result.index_models();
    // Relations and index names need every model of the project.
    std::map<std::string, const Model*> by_class;
    for (std::size_t i = 0; i < built_models.size(); ++i) {
      by_class[built_models[i]->info->canonical] = &result.models[first_model + i];
    }
    for (std::size_t i = 0; i < built_models.size(); ++i) {
      Model& model = result.models[first_model + i];
      const BuiltClass& built = *built_models[i];
      for (std::size_t f = 0; f < built.concrete.size(); ++f) {
        model.fields[f].related_model = relation_label(built.concrete[f], model, result, by_class);
      }
      for (std::size_t f = 0; f < built.many_to_many.size(); ++f) {
        model.many_to_many[f].related_model =
            relation_label(built.many_to_many[f], model, result, by_class);
      }
    }
    for (std::size_t i = 0; i < built_models.size(); ++i) {
      Model& model = result.models[first_model + i];
      if (model.abstract) continue;
      auto column_of = [&](const std::string& name) { return result.find_field(model, name); };
      for (Index& index : model.indexes) {
        std::vector<IndexColumn> columns;
        for (const IndexField& entry : index.fields) {
          const Field* field = column_of(entry.field);
          if (!field) {
            columns.clear();
            break;
          }
          columns.push_back(IndexColumn{field->column, entry.descending});
        }
        if (columns.size() == index.fields.size()) {
          for (const IndexColumn& column : columns) index.columns.push_back(column.column);
        }
        const std::optional<IndexClass> index_class = index_class_for(index.class_name);
        if (!index.given_name && !index.has_expressions && index_class && !index.columns.empty()) {
          index.generated_name = index_name_for_model(model.db_table, columns, *index_class);
        }
      }
    }
  }
  return result;
}

std::optional<std::string> many_to_many_table(const Model& model, const Field& field,
                                              const ProjectModels& models,
                                              const ModelOptions& options) {
  if (field.through) {
    const std::string& through = *field.through;
    const std::size_t dot = through.rfind('.');
    const std::string name = dot == std::string::npos ? through : through.substr(dot + 1);
    // A label "app.Model", a bare "Model" (the same app), or a class's dotted path.
    std::string app = model.app_label;
    if (dot != std::string::npos && through.find('.') == dot) app = through.substr(0, dot);
    if (const Model* target = models.find_model(model.project, app, name)) return target->db_table;
    for (const Model& candidate : models.models) {
      if (candidate.project == model.project && !candidate.abstract &&
          candidate.module + "." + candidate.name == through) {
        return candidate.db_table;
      }
    }
    return std::nullopt;
  }
  if (field.db_table) return field.db_table;
  return m2m_db_table(model.db_table, field.name, options.max_name_length);
}

}  // namespace preflight::django
