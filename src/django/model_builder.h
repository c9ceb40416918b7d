// Internals of build_models, shared by its files: apps.cpp (projects and apps), model_fields.cpp
// (field declarations), model_meta.cpp (Meta and its inheritance) and models.cpp (the classes and
// their inheritance).
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "django/models.h"
#include "django/symbols.h"

namespace preflight::django::detail {

// ---- apps.cpp ----

// The projects (one per manage.py folder, plus the root when modules lie outside them) and, for
// each module, the index of the project it belongs to.
std::vector<DjangoProject> find_projects(std::span<const ModuleSource> modules,
                                         std::vector<std::size_t>& project_of_module);

// The apps of one project: packages with models, migrations or an apps.py. `table` holds the
// project's modules.
std::vector<App> find_apps(std::size_t project, const ModuleTable& table);

// The app whose folder holds `path` (the deepest one); null when none does.
const App* containing_app(std::span<const App> apps, std::string_view path);

// ---- model_fields.cpp ----

// What a field class is, from its canonical dotted name or a project subclass chain.
struct FieldClass {
  std::string name;          // type(field).__name__
  std::string django_class;  // nearest Django class; "" when unknown
  bool custom_db_type = false;
};

enum class FieldRole { Concrete, ManyToMany, NotAField };

FieldRole field_role(const FieldClass& field_class);

// Recognises a field class: a Django one by its canonical name, a project subclass of one, or a
// third-party `...Field`. nullopt when `canonical` is not a field class.
struct ClassIndex;
std::optional<FieldClass> field_class_of(const std::string& canonical, const ClassIndex& classes);

// A field declared in a class body (`name = models.CharField(...)`).
struct DeclaredField {
  Field field;
  FieldRole role = FieldRole::Concrete;
  std::uint64_t order = 0;  // declaration order: file, then line
  // The relation target as written: a label string or the canonical dotted name of a class.
  std::optional<std::string> target;
  bool target_is_string = false;
};

// ---- models.cpp (the class universe) ----

struct ClassInfo {
  const ModuleTable::Module* module = nullptr;
  const python::Node* node = nullptr;  // ClassDef
  std::string canonical;               // "billing.models.Invoice"
  std::size_t file_order = 0;
};

struct ClassIndex {
  const ModuleTable* table = nullptr;
  std::map<std::string, ClassInfo, std::less<>> by_name;

  const ClassInfo* find(std::string_view canonical) const {
    const auto it = by_name.find(canonical);
    return it == by_name.end() ? nullptr : &it->second;
  }
  // The canonical names of a class's bases, in order ("" for a base that is not a dotted name).
  std::vector<std::string> bases(const ClassInfo& info) const;
};

std::vector<DeclaredField> declared_fields(const ClassInfo& info, const ClassIndex& classes);

// ---- model_meta.cpp ----

// A `class Meta` and the module its expressions are read in.
struct MetaClass {
  const python::Node* node = nullptr;
  const ClassInfo* owner = nullptr;  // the model class it was declared in
};

// An attribute of a Meta class, looked up as Python does through `class Meta(Parent.Meta)`.
struct MetaValue {
  const python::Node* value = nullptr;
  const ClassInfo* owner = nullptr;  // where it was written, for spans and name resolution
};
std::optional<MetaValue> meta_attribute(const MetaClass& meta, std::string_view name,
                                        const ClassIndex& classes);

// The Meta class declared directly in a class body.
const python::Node* own_meta(const ClassInfo& info);

void read_indexes(Model& model, const MetaValue& value, const ClassIndex& classes);
// The contrib.postgres and plain Index classes by name; nullopt for a third-party class.
std::optional<IndexClass> index_class_for(std::string_view class_name);
void read_constraints(Model& model, const MetaValue& value, const ClassIndex& classes);
std::vector<FieldGroup> read_field_groups(const MetaValue& value);

// Python's `name % {"app_label": ..., "class": ...}` for index and constraint names.
std::string interpolate_name(std::string_view name, std::string_view app_label,
                             std::string_view model_name);

Span span_in(const ClassInfo& owner, const python::Node& node);

}  // namespace preflight::django::detail
