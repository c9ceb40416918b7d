// Fields, indexes, constraints and option values reduced to what Django's `deconstruct()` gives,
// so that a migration's record and the model's source compare as MigrationAutodetector compares
// them (`deep_deconstruct` equality). Both sides are Python source: the migration as the writer
// wrote it, the model as its author did; each is read in its own module, where names resolve.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "django/models.h"
#include "django/symbols.h"
#include "python/ast.h"

namespace preflight::django::migrations {

// Where an expression is read.
struct ValueContext {
  const ModuleTable* table = nullptr;
  const ModuleTable::Module* module = nullptr;
  // settings.AUTH_USER_MODEL; nullopt when unknown.
  std::optional<std::string> auth_user_model;
  // The project's models, to name a relation's target class by its label.
  const ProjectModels* models = nullptr;
  // The ClassDef the expression is written in (a model's body, where `choices=STATES` reads a
  // class attribute); null at module level.
  const python::Node* class_def = nullptr;
};

// A canonical text of a value: two expressions Django would find equal after deconstruction give
// the same text (`models.CASCADE` and `django.db.models.deletion.CASCADE`; `_("Name")` and
// `'Name'`; `Decimal("1")` under either import). nullopt when the value is not known statically.
std::optional<std::string> canonical_value(const python::Node* expression,
                                           const ValueContext& context);

// `deconstruct()` of a field, index or constraint: the class's path and its keyword arguments
// (canonical values, the ones deconstruct leaves out removed).
struct Deconstructed {
  std::string path;
  std::map<std::string, std::string, std::less<>> kwargs;
  // Why it cannot be compared (a computed argument, `**kwargs`); empty when known.
  std::string unknown;

  bool known() const { return unknown.empty(); }
  bool operator==(const Deconstructed&) const = default;
  // "max_length 100 → 200, null added" between `before` and `after`.
  static std::string difference(const Deconstructed& before, const Deconstructed& after);
};

// A field call (`models.CharField(max_length=20)`); `primary_key` is true when the field is the
// model's primary key (Options.setup_pk then sets serialize=False).
Deconstructed deconstruct_field(const python::Node* call, const ValueContext& context,
                                bool primary_key);
// The automatic primary key `id` of class `django_class` ("AutoField", "BigAutoField").
Deconstructed auto_primary_key(std::string_view django_class);
// The automatic `<parent>_ptr` of multi-table inheritance pointing to `parent_label`.
Deconstructed parent_link(std::string_view parent_label);
// An index or constraint call; `name` replaces the `name` argument (an unnamed model index gets
// the generated one).
Deconstructed deconstruct_index(const python::Node* call, const ValueContext& context,
                                const std::optional<std::string>& name);
Deconstructed deconstruct_constraint(const python::Node* call, const ValueContext& context,
                                     const std::optional<std::string>& name);

// The django.db.models class name behind a canonical dotted path ("django.db.models.fields.
// CharField" -> "CharField"); "" when the path is not Django's.
std::string django_models_class(std::string_view dotted);

}  // namespace preflight::django::migrations
