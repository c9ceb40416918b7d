#include "django/migrations/state.h"

#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <set>

#include "django/names.h"
#include "django/python_values.h"

namespace preflight::django::migrations {
namespace {

using python::Kind;
using python::Node;

std::string lower(std::string_view text) {
  return model_name_for(text).value_or(std::string(text));
}

std::string key_of(std::string_view app_label, std::string_view model_name) {
  return std::string(app_label) + "." + lower(model_name);
}

// MigrationGraph.make_state: forwards_plan of each leaf, in order, each node once.
std::vector<const Migration*> graph_order(const MigrationGraph& graph) {
  std::vector<const Migration*> order;
  std::set<NodeKey> seen;
  std::function<void(const NodeKey&, int)> visit = [&](const NodeKey& key, int depth) {
    if (depth > 10000 || !seen.insert(key).second) return;
    const GraphNode* node = graph.find(key);
    if (!node) return;
    for (const NodeKey& parent : node->parents) visit(parent, depth + 1);
    if (node->migration) order.push_back(node->migration);
  };
  for (const NodeKey& leaf : graph.leaf_nodes()) visit(leaf, 0);
  return order;
}

std::string last_component_of(std::string_view dotted) {
  const std::size_t dot = dotted.rfind('.');
  return std::string(dot == std::string_view::npos ? dotted : dotted.substr(dot + 1));
}

class Replayer {
 public:
  Replayer(const MigrationSet& set, const ProjectModels& models, const ModelOptions& options,
           ProjectState& state)
      : set_(set), models_(models), options_(options), state_(state) {}

  void apply(const Migration& migration) {
    context_.table = set_.table;
    context_.module = set_.table ? set_.table->find(migration.module) : nullptr;
    context_.auth_user_model = set_.auth_user_model;
    context_.models = &models_;
    migration_ = &migration;
    for (const Operation& operation : migration.operations) apply(operation);
  }

 private:
  const MigrationSet& set_;
  const ProjectModels& models_;
  const ModelOptions& options_;
  ProjectState& state_;
  ValueContext context_;
  const Migration* migration_ = nullptr;

  ModelState* model(const Operation& operation, std::string_view parameter) {
    const auto name = operation.string_argument(parameter);
    if (!name) return nullptr;
    const auto it = state_.models.find(key_of(migration_->app_label, *name));
    return it == state_.models.end() ? nullptr : &it->second;
  }

  std::string default_table(std::string_view name) const {
    return default_db_table(migration_->app_label, lower(name), options_.max_name_length);
  }

  // The table a model has now: db_table, else the default for its name.
  std::string table_of(const ModelState& model) const {
    const auto it = model.options.find("db_table");
    if (it != model.options.end() && it->second.size() >= 2 && it->second.front() == '\'') {
      return it->second.substr(1, it->second.size() - 2);
    }
    return default_db_table(model.app_label, lower(model.name), options_.max_name_length);
  }

  void note_table(ModelState& model) {
    const std::string table = table_of(model);
    if (model.tables.empty() || model.tables.back().table != table) {
      model.tables.push_back(TableHistory{table, migration_, model.name});
    }
  }

  FieldState field_state(std::string_view name, const Node* call, bool preserve_default) {
    FieldState field;
    field.name = std::string(name);
    field.deconstructed = deconstruct_field(call, context_, false);
    if (!preserve_default) field.deconstructed.kwargs.erase("default");
    const std::string cls = django_models_class(field.deconstructed.path);
    const auto column = field.deconstructed.kwargs.find("db_column");
    if (column != field.deconstructed.kwargs.end() && column->second.size() >= 2) {
      field.column = column->second.substr(1, column->second.size() - 2);
    } else {
      field.column = field.name;
      if (cls == "ForeignKey" || cls == "OneToOneField") field.column += "_id";
    }
    return field;
  }

  ObjectState object_state(const Node* call, bool index) {
    ObjectState object;
    object.migration = migration_;
    object.span = migration_->span;
    if (!call) return object;
    object.deconstructed = index ? deconstruct_index(call, context_, std::nullopt)
                                 : deconstruct_constraint(call, context_, std::nullopt);
    object.class_name = last_component_of(object.deconstructed.path);
    if (const auto name = string_value(keyword_argument(*call, "name"))) object.name = *name;
    if (auto fields = string_list(keyword_argument(*call, "fields"))) object.fields = *fields;
    return object;
  }

  void set_option(ModelState& model, std::string_view key, const Node* value) {
    if (key == "unique_together" || key == "index_together") {
      if (auto text = together_text(value)) {
        model.options[std::string(key)] = *text;
      } else {
        model.unknown = fmt::format("`{}` cannot be read", key);
      }
      return;
    }
    if (key == "indexes" || key == "constraints") {
      for (const Node* element : elements(value)) {
        (key == "indexes" ? model.indexes : model.constraints)
            .push_back(object_state(element, key == "indexes"));
      }
      return;
    }
    if (auto text = canonical_value(value, context_)) {
      model.options[std::string(key)] = *text;
    } else {
      model.unknown = fmt::format("option `{}` cannot be read", key);
    }
  }

  void uncertain(std::string reason) {
    state_.uncertain_apps.try_emplace(migration_->app_label, std::move(reason));
  }

  void apply(const Operation& operation) {
    switch (operation.kind) {
      case OperationKind::CreateModel:
        create_model(operation);
        break;
      case OperationKind::DeleteModel:
        if (const auto name = operation.string_argument("name")) {
          state_.models.erase(key_of(migration_->app_label, *name));
        }
        break;
      case OperationKind::RenameModel:
        rename_model(operation);
        break;
      case OperationKind::AlterModelTable:
        if (ModelState* model = this->model(operation, "name")) {
          const Argument* table = operation.argument("table");
          if (!table || string_value(table->value) == std::nullopt) {
            model->options.erase("db_table");
          } else {
            model->options["db_table"] = *canonical_value(table->value, context_);
          }
          note_table(*model);
        }
        break;
      case OperationKind::AlterUniqueTogether:
      case OperationKind::AlterIndexTogether:
        if (ModelState* model = this->model(operation, "name")) {
          const std::string key = operation.kind == OperationKind::AlterUniqueTogether
                                      ? "unique_together"
                                      : "index_together";
          const Argument* value = operation.argument(key);
          set_option(*model, key, value ? value->value : nullptr);
        }
        break;
      case OperationKind::AlterModelOptions:
        if (ModelState* model = this->model(operation, "name")) {
          const Argument* options = operation.argument("options");
          std::map<std::string, const Node*> given;
          if (options && options->value && options->value->kind == Kind::Dict) {
            const auto keys = list_field(*options->value, "keys");
            const auto values = list_field(*options->value, "values");
            for (std::size_t i = 0; i < keys.size() && i < values.size(); ++i) {
              if (const auto key = string_value(keys[i])) given[std::string(*key)] = values[i];
            }
          } else {
            model->unknown = "AlterModelOptions with options that cannot be read";
          }
          for (const std::string_view key : alter_option_keys()) {
            if (!given.count(std::string(key))) model->options.erase(std::string(key));
          }
          for (const auto& [key, value] : given) set_option(*model, key, value);
        }
        break;
      case OperationKind::AlterOrderWithRespectTo:
        if (ModelState* model = this->model(operation, "name")) {
          const Argument* value = operation.argument("order_with_respect_to");
          set_option(*model, "order_with_respect_to", value ? value->value : nullptr);
        }
        break;
      case OperationKind::AddField:
      case OperationKind::AlterField:
        if (ModelState* model = this->model(operation, "model_name")) {
          const auto name = operation.string_argument("name");
          const Argument* field = operation.argument("field");
          const Argument* preserve = operation.argument("preserve_default");
          if (!name || !field) {
            model->unknown = "a field operation that cannot be read";
            break;
          }
          FieldState state = field_state(*name, field->value,
                                         !preserve || bool_value(preserve->value).value_or(true));
          auto it = std::find_if(model->fields.begin(), model->fields.end(),
                                 [&](const FieldState& f) { return f.name == *name; });
          if (it == model->fields.end()) {
            model->fields.push_back(std::move(state));
          } else {
            *it = std::move(state);
          }
        }
        break;
      case OperationKind::RemoveField:
        if (ModelState* model = this->model(operation, "model_name")) {
          const auto name = operation.string_argument("name");
          std::erase_if(model->fields,
                        [&](const FieldState& f) { return name && f.name == *name; });
        }
        break;
      case OperationKind::RenameField:
        rename_field(operation);
        break;
      case OperationKind::AddIndex:
      case OperationKind::AddIndexConcurrently:
      case OperationKind::AddConstraint:
      case OperationKind::AddConstraintNotValid:
        if (ModelState* model = this->model(operation, "model_name")) {
          const bool index = operation.kind == OperationKind::AddIndex ||
                             operation.kind == OperationKind::AddIndexConcurrently;
          const Argument* value = operation.argument(index ? "index" : "constraint");
          ObjectState object = object_state(value ? value->value : nullptr, index);
          object.span = operation.span;
          if (!object.deconstructed.known()) model->unknown = "an index or constraint";
          (index ? model->indexes : model->constraints).push_back(std::move(object));
        }
        break;
      case OperationKind::RemoveIndex:
      case OperationKind::RemoveIndexConcurrently:
      case OperationKind::RemoveConstraint:
        if (ModelState* model = this->model(operation, "model_name")) {
          const auto name = operation.string_argument("name");
          auto& list = operation.kind == OperationKind::RemoveConstraint ? model->constraints
                                                                         : model->indexes;
          std::erase_if(list, [&](const ObjectState& o) { return name && o.name == *name; });
        }
        break;
      case OperationKind::RenameIndex:
        if (ModelState* model = this->model(operation, "model_name")) {
          const auto old_name = operation.string_argument("old_name");
          const auto new_name = operation.string_argument("new_name");
          for (ObjectState& index : model->indexes) {
            if (old_name && new_name && index.name == *old_name) {
              index.name = *new_name;
              index.deconstructed.kwargs["name"] = "'" + *new_name + "'";
            }
          }
        }
        break;
      case OperationKind::SeparateDatabaseAndState:
      case OperationKind::RunSQL:
        for (const Operation& nested : operation.state_operations) apply(nested);
        break;
      case OperationKind::Custom:
        uncertain(fmt::format("{} runs the custom operation `{}`", migration_->label(),
                              operation.class_name));
        break;
      default:
        break;
    }
  }

  void create_model(const Operation& operation) {
    const auto name = operation.string_argument("name");
    if (!name) {
      uncertain(fmt::format("a CreateModel in {} whose name cannot be read", migration_->label()));
      return;
    }
    ModelState model;
    model.app_label = migration_->app_label;
    model.name = *name;
    model.created_by = migration_;
    if (const Argument* fields = operation.argument("fields")) {
      if (!is_sequence(fields->value)) model.unknown = "fields that cannot be read";
      for (const Node* entry : elements(fields->value)) {
        const auto pair = elements(entry);
        const auto field_name = pair.size() == 2 ? string_value(pair[0]) : std::nullopt;
        if (!field_name) {
          model.unknown = "a field that cannot be read";
          continue;
        }
        model.fields.push_back(field_state(*field_name, pair[1], true));
      }
    }
    if (const Argument* options = operation.argument("options")) {
      if (options->value && options->value->kind == Kind::Dict) {
        const auto keys = list_field(*options->value, "keys");
        const auto values = list_field(*options->value, "values");
        for (std::size_t i = 0; i < keys.size() && i < values.size(); ++i) {
          if (const auto key = string_value(keys[i])) set_option(model, *key, values[i]);
        }
      } else {
        model.unknown = "options that cannot be read";
      }
    }
    for (const FieldState& field : model.fields) {
      if (!field.deconstructed.known()) {
        model.unknown = fmt::format("field `{}`: {}", field.name, field.deconstructed.unknown);
      }
    }
    note_table(model);
    state_.models.insert_or_assign(key_of(model.app_label, model.name), std::move(model));
  }

  void rename_model(const Operation& operation) {
    const auto old_name = operation.string_argument("old_name");
    const auto new_name = operation.string_argument("new_name");
    if (!old_name || !new_name) return;
    const auto it = state_.models.find(key_of(migration_->app_label, *old_name));
    if (it == state_.models.end()) return;
    ModelState model = std::move(it->second);
    state_.models.erase(it);
    model.name = *new_name;
    note_table(model);
    // Relations to the model follow it (RenameModel.state_forwards).
    const std::string old_label = "'" + lower(migration_->app_label + "." + *old_name) + "'";
    const std::string new_label = "'" + lower(migration_->app_label + "." + *new_name) + "'";
    for (auto& [key, other] : state_.models) {
      for (FieldState& field : other.fields) {
        for (const char* parameter : {"to", "through"}) {
          const auto target = field.deconstructed.kwargs.find(parameter);
          if (target != field.deconstructed.kwargs.end() && target->second == old_label) {
            target->second = new_label;
          }
        }
      }
    }
    for (FieldState& field : model.fields) {
      const auto target = field.deconstructed.kwargs.find("to");
      if (target != field.deconstructed.kwargs.end() && target->second == old_label) {
        target->second = new_label;
      }
    }
    state_.models.insert_or_assign(key_of(model.app_label, model.name), std::move(model));
  }

  void rename_field(const Operation& operation) {
    ModelState* model = this->model(operation, "model_name");
    const auto old_name = operation.string_argument("old_name");
    const auto new_name = operation.string_argument("new_name");
    if (!model || !old_name || !new_name) return;
    for (FieldState& field : model->fields) {
      if (field.name != *old_name) continue;
      field.name = *new_name;
      if (!field.deconstructed.kwargs.count("db_column")) {
        const bool relation = field.column == *old_name + "_id";
        field.column = *new_name + (relation ? "_id" : "");
      }
    }
    // RenameField.state_forwards renames the field in the *_together options (not in indexes).
    for (const char* key : {"unique_together", "index_together"}) {
      const auto option = model->options.find(key);
      if (option == model->options.end()) continue;
      std::string& text = option->second;
      const std::string from = "'" + *old_name + "'";
      const std::string to = "'" + *new_name + "'";
      for (std::size_t at = text.find(from); at != std::string::npos;
           at = text.find(from, at + to.size())) {
        text.replace(at, from.size(), to);
      }
    }
  }
};

}  // namespace

bool ModelState::proxy() const {
  const auto it = options.find("proxy");
  return it != options.end() && it->second == "True";
}

bool ModelState::managed() const {
  const auto it = options.find("managed");
  return it == options.end() || it->second != "False";
}

const FieldState* ModelState::find_field(std::string_view field_name) const {
  for (const FieldState& field : fields) {
    if (field.name == field_name) return &field;
  }
  return nullptr;
}

const std::vector<std::string_view>& alter_option_keys() {
  static const std::vector<std::string_view> keys = {"base_manager_name",
                                                     "default_manager_name",
                                                     "default_related_name",
                                                     "get_latest_by",
                                                     "managed",
                                                     "ordering",
                                                     "permissions",
                                                     "default_permissions",
                                                     "select_on_save",
                                                     "verbose_name",
                                                     "verbose_name_plural"};
  return keys;
}

namespace {

std::string render_groups(std::vector<std::vector<std::string>> groups) {
  std::sort(groups.begin(), groups.end());
  groups.erase(std::unique(groups.begin(), groups.end()), groups.end());
  std::string out = "{";
  for (const auto& group : groups) {
    out += "(";
    for (const std::string& field : group) out += "'" + field + "',";
    out += "),";
  }
  return out + "}";
}

}  // namespace

std::optional<std::string> together_text(const Node* value) {
  if (!value) return render_groups({});
  if (value->kind == Kind::Constant && value->get("value").constant &&
      value->get("value").constant->type == python::Constant::Type::None) {
    return render_groups({});
  }
  const bool container = is_sequence(value) || value->kind == Kind::Set;
  if (!container) return std::nullopt;
  const auto items = list_field(*value, "elts");
  std::vector<std::vector<std::string>> groups;
  if (!items.empty() && string_value(items[0])) {
    // normalize_together: a flat tuple of names is one group.
    auto fields = string_list(value);
    if (!fields) return std::nullopt;
    groups.push_back(*fields);
    return render_groups(groups);
  }
  for (const Node* item : items) {
    std::optional<std::vector<std::string>> fields;
    if (is_sequence(item)) fields = string_list(item);
    if (!fields) return std::nullopt;
    groups.push_back(*fields);
  }
  return render_groups(groups);
}

std::string together_text(const std::vector<FieldGroup>& groups) {
  std::vector<std::vector<std::string>> fields;
  for (const FieldGroup& group : groups) fields.push_back(group.fields);
  return render_groups(fields);
}

ProjectState replay_migrations(const MigrationSet& set, const MigrationGraph& graph,
                               const ProjectModels& models, const ModelOptions& options) {
  ProjectState state;
  state.project = graph.project;
  Replayer replayer(set, models, options, state);
  for (const Migration* migration : graph_order(graph)) replayer.apply(*migration);
  return state;
}

}  // namespace preflight::django::migrations
