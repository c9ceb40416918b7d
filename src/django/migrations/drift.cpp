#include "django/migrations/drift.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "django/migrations/state.h"
#include "django/model_builder.h"

namespace preflight::django::migrations {
namespace {

std::string python_quoted(std::string_view text) {
  return "'" + std::string(text) + "'";
}

std::string lower_label(std::string_view label) {
  std::string out(label);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// A model's kind as the autodetector sorts models: managed, proxy or unmanaged.
enum class ModelKind { Managed, Proxy, Unmanaged };

ModelKind kind_of(const ModelState& state) {
  if (!state.managed()) return ModelKind::Unmanaged;
  return state.proxy() ? ModelKind::Proxy : ModelKind::Managed;
}

ModelKind kind_of(const Model& model) {
  if (!model.managed) return ModelKind::Unmanaged;
  return model.proxy ? ModelKind::Proxy : ModelKind::Managed;
}

// The current model as the autodetector sees it (ModelState.from_model).
struct CurrentModel {
  const Model* model = nullptr;
  std::vector<FieldState> fields;
  std::vector<ObjectState> indexes;
  std::vector<ObjectState> constraints;
  std::map<std::string, std::string, std::less<>> options;
  std::string unknown;
};

class Detector {
 public:
  Detector(const MigrationSet& set, const ProjectModels& models, const ModelOptions& options,
           const MigrationGraph& graph, const ProjectState& state, DriftReport& report)
      : set_(set),
        models_(models),
        options_(options),
        graph_(graph),
        state_(state),
        report_(report) {}

  void run() {
    for (const Model& model : models_.models) {
      if (model.project != graph_.project || model.abstract || !model.app_installed ||
          !graph_.migrated_apps.count(model.app_label)) {
        continue;
      }
      const std::string key = model.app_label + "." + model.model_name;
      if (model.has_unknown_bases) {
        report_.skipped.push_back(
            fmt::format("{}: a base class preflight cannot see into", model.label()));
        skipped_keys_.insert(key);
        continue;
      }
      current_.emplace(key, read_current(model));
    }
    for (const auto& [app, reason] : state_.uncertain_apps) {
      report_.skipped.push_back(fmt::format("app {}: {}", app, reason));
    }

    for (const auto& [key, current] : current_) {
      if (uncertain(current.model->app_label)) continue;
      const auto old = state_.models.find(key);
      if (old == state_.models.end()) {
        created(current);
        continue;
      }
      compare(old->second, current);
    }
    std::map<std::string, std::vector<const ModelState*>> deleted;  // by app
    for (const auto& [key, old] : state_.models) {
      if (current_.count(key) || skipped_keys_.count(key) || uncertain(old.app_label)) continue;
      if (!graph_.migrated_apps.count(old.app_label)) continue;
      deleted[old.app_label].push_back(&old);
    }
    for (const auto& [app, states] : deleted) {
      std::size_t concrete = 0;
      for (const ModelState* old : states) concrete += kind_of(*old) == ModelKind::Managed;
      for (const ModelState* old : states) removed(*old, concrete > 1);
    }
  }

 private:
  const MigrationSet& set_;
  const ProjectModels& models_;
  const ModelOptions& options_;
  const MigrationGraph& graph_;
  const ProjectState& state_;
  DriftReport& report_;
  std::map<std::string, CurrentModel> current_;
  std::set<std::string> skipped_keys_;

  bool uncertain(const std::string& app) const { return state_.uncertain_apps.count(app) > 0; }

  ValueContext context_for(const std::string& module) const {
    ValueContext context;
    context.table = set_.table;
    context.module = set_.table ? set_.table->find(module) : nullptr;
    context.auth_user_model = set_.auth_user_model;
    context.models = &models_;
    return context;
  }

  // The top-level class whose body holds `node`.
  static const python::Node* enclosing_class(const ValueContext& context,
                                             const python::Node* node) {
    if (!context.module || !node) return nullptr;
    for (const auto& [name, class_def] : context.module->classes) {
      if (class_def->location.lineno <= node->location.lineno &&
          node->location.lineno <= class_def->location.end_lineno) {
        return class_def;
      }
    }
    return nullptr;
  }

  FieldState current_field(const Model& model, const Field& field) const {
    FieldState state;
    state.name = field.name;
    state.column = field.column;
    if (field.auto_created && field.parent_link && field.related_model) {
      state.deconstructed = parent_link(*field.related_model);
    } else if (field.auto_created) {
      state.deconstructed = auto_primary_key(field.django_class);
    } else {
      ValueContext context = context_for(field.module);
      context.class_def = enclosing_class(context, field.call);
      state.deconstructed = deconstruct_field(field.call, context, field.primary_key);
      auto& kwargs = state.deconstructed.kwargs;
      if (field.is_relation && field.related_model && kwargs.count("to")) {
        kwargs["to"] = python_quoted(lower_label(*field.related_model));
      }
      const auto through = kwargs.find("through");
      if (through != kwargs.end() && through->second.find('.') == std::string::npos &&
          through->second.size() > 2) {
        through->second = python_quoted(lower_label(model.app_label) + "." +
                                        through->second.substr(1, through->second.size() - 2));
      }
    }
    return state;
  }

  CurrentModel read_current(const Model& model) const {
    CurrentModel current;
    current.model = &model;
    for (const auto* list : {&model.fields, &model.many_to_many}) {
      for (const Field& field : *list) {
        current.fields.push_back(current_field(model, field));
        if (!current.fields.back().deconstructed.known()) {
          current.unknown = fmt::format("field `{}`: {}", field.name,
                                        current.fields.back().deconstructed.unknown);
        }
      }
    }
    for (const Index& index : model.indexes) {
      ObjectState object;
      object.name = index.name().value_or("");
      for (const IndexField& field : index.fields) {
        object.fields.push_back((field.descending ? "-" : "") + field.field);
      }
      object.class_name = index.class_name;
      object.span = index.span;
      object.deconstructed = deconstruct_index(index.call, context_for(index.module), index.name());
      if (!index.name() || !object.deconstructed.known()) current.unknown = "an index";
      current.indexes.push_back(std::move(object));
    }
    for (const Constraint& constraint : model.constraints) {
      ObjectState object;
      object.name = constraint.given_name.value_or("");
      object.fields = constraint.fields;
      object.class_name = constraint.class_name;
      object.span = constraint.span;
      object.deconstructed = deconstruct_constraint(constraint.call, context_for(constraint.module),
                                                    constraint.given_name);
      if (!object.deconstructed.known()) current.unknown = "a constraint";
      current.constraints.push_back(std::move(object));
    }
    for (const auto& [key, option] : model.meta_options) {
      if (key == "unique_together") {
        current.options[key] = together_text(model.unique_together);
        continue;
      }
      if (key == "index_together") {
        current.options[key] = together_text(model.index_together);
        continue;
      }
      if (key == "indexes" || key == "constraints" || key == "apps" || key == "app_label") {
        continue;
      }
      if (auto text = canonical_value(option.value, context_for(option.module))) {
        current.options[key] = *text;
      } else if (key == "db_table" ||
                 std::find(alter_option_keys().begin(), alter_option_keys().end(), key) !=
                     alter_option_keys().end()) {
        current.unknown = fmt::format("Meta.{} cannot be read", key);
      }
    }
    return current;
  }

  void add(std::string operation, const std::string& app_label, std::string model_name,
           std::string name, const Span* span, std::string cause) {
    SchemaChange change;
    change.project = graph_.project;
    change.operation = std::move(operation);
    change.app_label = app_label;
    change.model_name = std::move(model_name);
    change.name = std::move(name);
    change.cause = std::move(cause);
    if (span) change.span = *span;
    report_.changes.push_back(std::move(change));
  }

  void created(const CurrentModel& current) {
    const Model& model = *current.model;
    add("CreateModel", model.app_label, model.model_name, "", &model.span,
        fmt::format("no migration creates model `{}`", model.label()));
    if (kind_of(model) != ModelKind::Managed) return;
    // Two new models pointing at each other: the one created first (in key order) cannot hold
    // its relation yet, which comes as a separate AddField.
    for (const Field& field : model.fields) {
      if (!field.is_relation || !field.related_model) continue;
      const std::string target = lower_label(*field.related_model);
      const std::string own = model.app_label + "." + model.model_name;
      if (target <= own || !current_.count(target) || state_.models.count(target)) continue;
      const Model& other = *current_.at(target).model;
      const bool back = std::any_of(other.fields.begin(), other.fields.end(), [&](const Field& f) {
        return f.is_relation && f.related_model && lower_label(*f.related_model) == own;
      });
      if (back) {
        add("AddField", model.app_label, model.model_name, field.name, &field.span,
            fmt::format("`{}` points at `{}`, created after this model", field.name,
                        other.label()));
      }
    }
    for (const ObjectState& index : current.indexes) {
      add("AddIndex", model.app_label, model.model_name, index.name, &index.span,
          "an index of the new model");
    }
    for (const ObjectState& constraint : current.constraints) {
      add("AddConstraint", model.app_label, model.model_name, constraint.name, &constraint.span,
          "a constraint of the new model");
    }
    // The optimizer folds *_together into CreateModel, unless an AddIndex or AddConstraint of
    // the model comes between them (3.2's MigrationOptimizer cannot reduce across those).
    if (current.indexes.empty() && current.constraints.empty()) return;
    for (const char* key : {"unique_together", "index_together"}) {
      if (option_or(current.options, key, "{}") == "{}") continue;
      add(std::string(key) == "unique_together" ? "AlterUniqueTogether" : "AlterIndexTogether",
          model.app_label, model.model_name, "", &model.span,
          fmt::format("Meta.{} of the new model", key));
    }
  }

  // A model the migrations have and the code does not. generate_deleted_models writes
  // AlterUniqueTogether/AlterIndexTogether(None) and a RemoveField per relation before
  // DeleteModel; 3.2's optimizer folds them into the DeleteModel when it is the app's only
  // deleted model, and cannot when other deletions come between (DeleteModel references every
  // model).
  void removed(const ModelState& old, bool expanded) {
    const std::string model_name = lower_label(old.name);
    const Span* span = old.created_by ? &old.created_by->span : nullptr;
    if (expanded && kind_of(old) == ModelKind::Managed) {
      for (const char* key : {"unique_together", "index_together"}) {
        if (option_or(old.options, key, "{}") == "{}") continue;
        add(std::string(key) == "unique_together" ? "AlterUniqueTogether" : "AlterIndexTogether",
            old.app_label, model_name, "", span, fmt::format("Meta.{} of the removed model", key));
      }
      for (const FieldState& field : old.fields) {
        if (!field.deconstructed.kwargs.count("to")) continue;
        add("RemoveField", old.app_label, model_name, field.name, span,
            fmt::format("relation `{}` of the removed model", field.name));
      }
    }
    add("DeleteModel", old.app_label, model_name, "", span,
        fmt::format("the migrations create model `{}.{}`, which no longer exists", old.app_label,
                    old.name));
  }

  static std::string option_or(const std::map<std::string, std::string, std::less<>>& options,
                               std::string_view key, std::string_view fallback) {
    const auto it = options.find(key);
    return it == options.end() ? std::string(fallback) : it->second;
  }

  void compare(const ModelState& old, const CurrentModel& current) {
    const Model& model = *current.model;
    const ModelKind old_kind = kind_of(old);
    const ModelKind new_kind = kind_of(model);
    if (!old.unknown.empty() || !current.unknown.empty()) {
      report_.skipped.push_back(fmt::format("{}: {}", model.label(),
                                            old.unknown.empty() ? current.unknown : old.unknown));
      return;
    }
    if ((old_kind == ModelKind::Proxy) != (new_kind == ModelKind::Proxy)) {
      report_.skipped.push_back(fmt::format("{}: proxy changed", model.label()));
      return;
    }
    const std::string& app = model.app_label;
    const std::string& name = model.model_name;
    if (old_kind == ModelKind::Managed && new_kind == ModelKind::Managed) {
      compare_fields(old, current);
      compare_objects("Index", old.indexes, current.indexes, old, current);
      compare_objects("Constraint", old.constraints, current.constraints, old, current);
      for (const char* key : {"unique_together", "index_together"}) {
        const std::string before = option_or(old.options, key, "{}");
        const std::string after = option_or(current.options, key, "{}");
        if (before != after) {
          add(std::string(key) == "unique_together" ? "AlterUniqueTogether" : "AlterIndexTogether",
              app, name, "", &model.span,
              fmt::format("Meta.{} is {} in the migrations and {} in the model", key, before,
                          after));
        }
      }
    }
    const std::string old_table = option_or(old.options, "db_table", "None");
    const std::string new_table = option_or(current.options, "db_table", "None");
    if (old_table != new_table && old_kind == new_kind) {
      add("AlterModelTable", app, name, "", &model.span,
          fmt::format("Meta.db_table is {} in the migrations and {} in the model", old_table,
                      new_table));
    }
    std::vector<std::string> differences;
    for (const std::string_view key : alter_option_keys()) {
      const std::string before = option_or(old.options, key, "");
      const std::string after = option_or(current.options, key, "");
      if (before != after) {
        differences.push_back(fmt::format("{} {} → {}", key, before.empty() ? "unset" : before,
                                          after.empty() ? "unset" : after));
      }
    }
    if (!differences.empty()) {
      std::string text;
      for (const std::string& difference : differences)
        text += (text.empty() ? "" : ", ") + difference;
      add("AlterModelOptions", app, name, "", &model.span, "Meta options differ: " + text);
    }
  }

  void compare_fields(const ModelState& old, const CurrentModel& current) {
    const Model& model = *current.model;
    for (const FieldState& field : current.fields) {
      const FieldState* before = old.find_field(field.name);
      const Field* declared = models_.find_field(model, field.name);
      const Span* span = declared ? &declared->span : &model.span;
      if (!before) {
        add("AddField", model.app_label, model.model_name, field.name, span,
            fmt::format("no migration adds field `{}`", field.name));
      } else if (!(before->deconstructed == field.deconstructed)) {
        add("AlterField", model.app_label, model.model_name, field.name, span,
            fmt::format("field `{}` changed: {}", field.name,
                        Deconstructed::difference(before->deconstructed, field.deconstructed)));
      }
    }
    for (const FieldState& field : old.fields) {
      const bool kept = std::any_of(current.fields.begin(), current.fields.end(),
                                    [&](const FieldState& f) { return f.name == field.name; });
      if (!kept) {
        add("RemoveField", model.app_label, model.model_name, field.name, &model.span,
            fmt::format("the migrations have field `{}`, the model does not", field.name));
      }
    }
  }

  void compare_objects(std::string_view what, const std::vector<ObjectState>& before,
                       const std::vector<ObjectState>& after, const ModelState& old,
                       const CurrentModel& current) {
    const Model& model = *current.model;
    auto contains = [](const std::vector<ObjectState>& list, const ObjectState& object) {
      return std::any_of(list.begin(), list.end(), [&](const ObjectState& other) {
        return other.deconstructed == object.deconstructed;
      });
    };
    // From 4.1 an index that differs only in name is renamed (create_altered_indexes pairs each
    // added index with a removed one equal but for the name).
    std::set<const ObjectState*> renamed;
    if (what == "Index" && options_.django_version >= DjangoVersion{4, 1}) {
      for (const ObjectState& object : after) {
        if (contains(before, object)) continue;
        for (const ObjectState& recorded : before) {
          if (renamed.count(&recorded) || contains(after, recorded) ||
              !same_but_name(recorded, object)) {
            continue;
          }
          renamed.insert(&recorded);
          renamed.insert(&object);
          add("RenameIndex", model.app_label, model.model_name, object.name, &object.span,
              index_cause(recorded, object, old, model));
          break;
        }
      }
    }
    for (const ObjectState& object : after) {
      if (contains(before, object) || renamed.count(&object)) continue;
      std::string cause = fmt::format("no migration adds {} `{}`", lower_label(what), object.name);
      for (const ObjectState& recorded : before) {
        if (!contains(after, recorded) && same_but_name(recorded, object)) {
          cause = what == "Index" ? index_cause(recorded, object, old, model)
                                  : fmt::format("the migrations call it `{}`", recorded.name);
        }
      }
      add(fmt::format("Add{}", what), model.app_label, model.model_name, object.name, &object.span,
          cause);
    }
    for (const ObjectState& object : before) {
      if (contains(after, object) || renamed.count(&object)) continue;
      add(fmt::format("Remove{}", what), model.app_label, model.model_name, object.name,
          &model.span,
          fmt::format("the migrations have {} `{}` ({}), the model does not", lower_label(what),
                      object.name, object.migration ? object.migration->label() : "?"));
    }
  }

  static bool same_but_name(const ObjectState& a, const ObjectState& b) {
    Deconstructed left = a.deconstructed;
    Deconstructed right = b.deconstructed;
    left.kwargs.erase("name");
    right.kwargs.erase("name");
    return left == right;
  }

  // Why an unnamed index's name changed: which table the recorded name was generated from.
  std::string index_cause(const ObjectState& recorded, const ObjectState& now,
                          const ModelState& old, const Model& model) const {
    std::vector<IndexColumn> columns;
    for (const std::string& entry : recorded.fields) {
      const IndexField field = parse_index_field(entry);
      const Field* found = models_.find_field(model, field.field);
      if (!found) return fmt::format("the migrations call it `{}`", recorded.name);
      columns.push_back(IndexColumn{found->column, field.descending});
    }
    const IndexClass index_class = detail::index_class_for(recorded.class_name).value_or(kIndex);
    std::string text = fmt::format(
        "the migration state calls it `{}`; the model now generates `{}` from table `{}`",
        recorded.name, now.name, model.db_table);
    // This model's own tables first, then every table the project's migrations ever named.
    for (const TableHistory& table : old.tables) {
      if (index_name_for_model(table.table, columns, index_class) != recorded.name) continue;
      const TableHistory& next = old.tables.back();
      return text + fmt::format(
                        ", and `{}` is the name Django generated for table `{}`, which this model "
                        "had before `{}` renamed it to `{}`: Django derives an unnamed index's "
                        "name from the table, and renaming the model does not rename the index",
                        recorded.name, table.table,
                        next.migration ? next.migration->label() : std::string("a migration"),
                        next.table);
    }
    std::set<std::string> tables;
    for (const auto& [key, state] : state_.models) {
      for (const TableHistory& table : state.tables) tables.insert(table.table);
    }
    for (const Model& other : models_.models) {
      if (other.project == model.project) tables.insert(other.db_table);
    }
    for (const std::string& table : tables) {
      if (index_name_for_model(table, columns, index_class) == recorded.name) {
        return text + fmt::format(
                          "; no table this model ever had produces `{}`, which is the name "
                          "generated for table `{}`",
                          recorded.name, table);
      }
    }
    return text + "; no table in the migration history produces the recorded name";
  }
};

}  // namespace

DriftReport detect_drift(const MigrationSet& migrations, const ProjectModels& models,
                         const ModelOptions& options) {
  const std::vector<ProjectState> states = replay_all(migrations, models, options);
  return detect_drift(migrations, models, options, states);
}

DriftReport detect_drift(const MigrationSet& migrations, const ProjectModels& models,
                         const ModelOptions& options, std::span<const ProjectState> states) {
  DriftReport report;
  for (std::size_t i = 0; i < migrations.graphs.size() && i < states.size(); ++i) {
    const MigrationGraph& graph = migrations.graphs[i];
    if (!graph.problems.empty() || !graph.conflicts().empty()) {
      // makemigrations stops there, before comparing anything.
      report.skipped.push_back("the migration graph has problems (PF201–PF203)");
      continue;
    }
    Detector(migrations, models, options, graph, states[i], report).run();
  }
  return report;
}

}  // namespace preflight::django::migrations
