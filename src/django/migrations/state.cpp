#include "django/migrations/state.h"

#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <set>

#include "django/migrations/database_calls.h"
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
    for (const Operation& operation : migration.operations) apply_both(operation);
  }

 private:
  // ---- which side an operation reaches ----------------------------------------------------

  void apply_both(const Operation& operation) {
    switch (operation.kind) {
      case OperationKind::SeparateDatabaseAndState:
        for (const Operation& nested : operation.state_operations) apply_state(nested);
        for (const Operation& nested : operation.database_operations) apply_database(nested);
        return;
      case OperationKind::RunSQL:
        for (const Operation& nested : operation.state_operations) apply_state(nested);
        if (operation.sql) sql_effects(*operation.sql, operation);
        return;
      case OperationKind::RunPython:
        python_effects(operation);
        return;
      default:
        check_database(operation);
        apply_to(operation, state_.models);
        apply_to(operation, state_.database);
    }
  }

  void apply_state(const Operation& operation) {
    if (operation.kind == OperationKind::SeparateDatabaseAndState ||
        operation.kind == OperationKind::RunSQL) {
      for (const Operation& nested : operation.state_operations) apply_state(nested);
    } else if (operation.kind != OperationKind::RunPython) {
      apply_to(operation, state_.models);
      mark_one_sided(operation);
    }
  }

  void apply_database(const Operation& operation) {
    switch (operation.kind) {
      case OperationKind::SeparateDatabaseAndState:
        for (const Operation& nested : operation.database_operations) apply_database(nested);
        return;
      case OperationKind::RunSQL:
        if (operation.sql) sql_effects(*operation.sql, operation);
        return;
      case OperationKind::RunPython:
        python_effects(operation);
        return;
      default:
        check_database(operation);
        apply_to(operation, state_.database);
        mark_one_sided(operation);
    }
  }

  void mark(const std::string& key, Span span) { state_.one_sided[key] = {migration_, span}; }

  void mark_one_sided(const Operation& operation) {
    for (const char* parameter : {"model_name", "name", "new_name"}) {
      if (const auto name = operation.string_argument(parameter)) {
        const std::string key = key_of(migration_->app_label, *name);
        if (state_.models.count(key) || state_.database.count(key)) {
          mark(key, operation.span);
          return;
        }
      }
    }
  }

  void uncertain_database(const std::string& reason) {
    state_.uncertain_database.try_emplace(migration_->app_label, reason);
  }

  // ---- what the database already has ----------------------------------------------------------

  void fails(const Operation& operation, const std::string& key, std::string message,
             std::string sqlstate) {
    if (state_.uncertain_database.count(migration_->app_label)) return;
    Divergence failing;
    failing.kind = Divergence::Kind::FailingOperation;
    failing.app_label = migration_->app_label;
    failing.model_name = key.substr(key.find('.') + 1);
    failing.message = std::move(message);
    failing.sqlstate = std::move(sqlstate);
    failing.migration = migration_;
    failing.span = operation.span;
    state_.failing.push_back(std::move(failing));
  }

  const ModelState* database_model(const Operation& operation, std::string_view parameter,
                                   std::string& key) const {
    const auto name = operation.string_argument(parameter);
    if (!name) return nullptr;
    key = key_of(migration_->app_label, *name);
    const auto it = state_.database.find(key);
    return it == state_.database.end() ? nullptr : &it->second;
  }

  const ModelState* database_index_owner(std::string_view index_name) const {
    for (const auto& [key, model] : state_.database) {
      for (const ObjectState& index : model.indexes) {
        if (index.name == index_name) return &model;
      }
    }
    return nullptr;
  }

  // An operation about to reach the database: does the database the earlier migrations left
  // allow it? (The state may believe otherwise.)
  void check_database(const Operation& operation) {
    std::string key;
    switch (operation.kind) {
      case OperationKind::AddField: {
        const ModelState* model = database_model(operation, "model_name", key);
        const auto name = operation.string_argument("name");
        const Argument* field = operation.argument("field");
        if (!model || !name || !field) return;
        const FieldState added = field_state(*name, field->value, true);
        for (const FieldState& existing : model->fields) {
          if (existing.column == added.column && !is_many_to_many(added)) {
            fails(operation, key,
                  fmt::format("AddField `{}` adds column `{}` to table `{}`, which the database "
                              "already has (added outside the migration state, by {})",
                              *name, added.column, table_of(*model), one_sided_by(key)),
                  "42701");
          }
        }
        return;
      }
      case OperationKind::RemoveField: {
        const ModelState* model = database_model(operation, "model_name", key);
        const auto name = operation.string_argument("name");
        const ModelState* believed = state_model(key);
        if (!model || !name || !believed) return;
        const FieldState* field = believed->find_field(*name);
        if (!field || is_many_to_many(*field)) return;
        const bool present =
            std::any_of(model->fields.begin(), model->fields.end(),
                        [&](const FieldState& f) { return f.column == field->column; });
        if (!present) {
          fails(operation, key,
                fmt::format("RemoveField `{}` drops column `{}` of table `{}`, which the database "
                            "does not have ({} changed it outside the migration state)",
                            *name, field->column, table_of(*model), one_sided_by(key)),
                "42703");
        }
        return;
      }
      case OperationKind::AddIndex:
      case OperationKind::AddIndexConcurrently: {
        const Argument* index = operation.argument("index");
        const auto name = index && index->value
                              ? string_value(keyword_argument(*index->value, "name"))
                              : std::nullopt;
        if (!name) return;
        if (const ModelState* owner = database_index_owner(*name)) {
          const std::string owner_key = owner->app_label + "." + lower(owner->name);
          fails(operation, owner_key,
                fmt::format("AddIndex creates index `{}`, which the database already has (on "
                            "table `{}`, created outside the migration state by {})",
                            *name, table_of(*owner), one_sided_by(owner_key)),
                "42P07");
        }
        return;
      }
      // RemoveIndex is `DROP INDEX IF EXISTS` on PostgreSQL: it cannot fail, the renamed index
      // just stays. RenameIndex (4.1) is `ALTER INDEX … RENAME`, which does.
      case OperationKind::RenameIndex: {
        const bool rename = true;
        const auto name = operation.string_argument("old_name");
        const ModelState* model = database_model(operation, "model_name", key);
        if (!name || !model || database_index_owner(*name)) return;
        const ModelState* believed = state_model(key);
        const bool state_has =
            believed && std::any_of(believed->indexes.begin(), believed->indexes.end(),
                                    [&](const ObjectState& i) { return i.name == *name; });
        if (!state_has) return;  // Django itself refuses it: not a database matter
        fails(operation, key,
              fmt::format("{} names index `{}`, which the database does not have ({} changed "
                          "it outside the migration state)",
                          rename ? "RenameIndex" : "RemoveIndex", *name, one_sided_by(key)),
              "42704");
        return;
      }
      default:
        return;
    }
  }

  const ModelState* state_model(const std::string& key) const {
    const auto it = state_.models.find(key);
    return it == state_.models.end() ? nullptr : &it->second;
  }

  std::string one_sided_by(const std::string& key) const {
    const auto it = state_.one_sided.find(key);
    if (it == state_.one_sided.end() || !it->second.first) return "an earlier migration";
    return "`" + it->second.first->label() + "`";
  }

  static bool is_many_to_many(const FieldState& field) {
    return field.deconstructed.path.ends_with("ManyToManyField");
  }

  // ---- raw SQL on the database side -------------------------------------------------------------

  ModelState* database_by_table(std::string_view table, std::string* key = nullptr) {
    for (auto& [model_key, model] : state_.database) {
      if (table_of(model) == table) {
        if (key) *key = model_key;
        return &model;
      }
    }
    return nullptr;
  }

  void sql_effects(const SqlArgument& sql, const Operation& operation) {
    if (!sql.known) {
      uncertain_database(fmt::format("{} runs SQL that is computed", migration_->label()));
      return;
    }
    for (const SqlString& text : sql.statements) {
      if (!text.text) {
        uncertain_database(fmt::format("{} runs SQL that is computed", migration_->label()));
        continue;
      }
      statements_effect(sql::parse(*text.text), operation.span);
    }
  }

  void python_effects(const Operation& operation) {
    if (!operation.code || !operation.code->function || !context_.module ||
        !context_.module->source || !context_.module->source->tree) {
      return;  // a data migration preflight cannot read: assumed to change no schema
    }
    const ModuleSource& source = *context_.module->source;
    const auto body = list_field(*source.tree, "body");
    if (std::find(body.begin(), body.end(), operation.code->function) == body.end()) return;
    for (const ExecuteCall& call : database_use(*operation.code->function, source).executes) {
      if (!call.sql) {
        uncertain_database(fmt::format("{} executes SQL that is computed", migration_->label()));
        continue;
      }
      statements_effect(call.sql->parsed, operation.span);
    }
  }

  void statements_effect(const sql::ParseResult& parsed, Span span) {
    if (parsed.error) {
      uncertain_database(fmt::format("{} runs SQL PostgreSQL cannot parse", migration_->label()));
      return;
    }
    for (const sql::Statement& statement : parsed.statements) {
      bool placeholder =
          statement.relation && statement.relation->find("pf_field_") != std::string::npos;
      for (const sql::ObjectRef& target : statement.targets) {
        placeholder |= target.name.find("pf_field_") != std::string::npos;
      }
      if (placeholder ||
          (statement.new_name && statement.new_name->find("pf_field_") != std::string::npos)) {
        uncertain_database(
            fmt::format("{} runs SQL whose names are computed", migration_->label()));
        continue;
      }
      statement_effect(statement, span);
    }
  }

  void statement_effect(const sql::Statement& statement, Span span) {
    std::string key;
    if (statement.node == "RenameStmt" && !statement.targets.empty() && statement.new_name) {
      const sql::ObjectRef& target = statement.targets.front();
      if (target.kind == "table" && statement.relation) {
        if (ModelState* model = database_by_table(*statement.relation, &key)) {
          model->options["db_table"] = "'" + *statement.new_name + "'";
          mark(key, span);
        }
      } else if (target.kind == "index") {
        for (auto& [model_key, model] : state_.database) {
          for (ObjectState& index : model.indexes) {
            if (index.name != target.name) continue;
            index.name = *statement.new_name;
            index.deconstructed.kwargs["name"] = "'" + *statement.new_name + "'";
            mark(model_key, span);
          }
        }
      } else if (target.kind == "column" && statement.relation) {
        const std::string column = target.name.substr(target.name.rfind('.') + 1);
        if (ModelState* model = database_by_table(*statement.relation, &key)) {
          for (FieldState& field : model->fields) {
            if (field.column == column) field.column = *statement.new_name;
          }
          mark(key, span);
        }
      }
    } else if (statement.node == "IndexStmt" && statement.created && statement.relation) {
      if (ModelState* model = database_by_table(*statement.relation, &key)) {
        ObjectState index;
        index.name = statement.created->name;
        index.migration = migration_;
        index.span = span;
        model->indexes.push_back(std::move(index));
        mark(key, span);
      }
    } else if (statement.node == "DropStmt") {
      for (const sql::ObjectRef& target : statement.targets) {
        if (target.kind == "index") {
          for (auto& [model_key, model] : state_.database) {
            if (std::erase_if(model.indexes,
                              [&](const ObjectState& i) { return i.name == target.name; })) {
              mark(model_key, span);
            }
          }
        } else if (target.kind == "table" && database_by_table(target.name, &key)) {
          state_.database.erase(key);
          mark(key, span);
        }
      }
    } else if (statement.node == "AlterTableStmt" && statement.relation) {
      ModelState* model = database_by_table(*statement.relation, &key);
      if (!model) return;
      for (const sql::AlterTableCommand& command : statement.alter_commands) {
        if (command.kind == sql::AlterKind::add_column && !command.name.empty()) {
          const bool present =
              std::any_of(model->fields.begin(), model->fields.end(),
                          [&](const FieldState& f) { return f.column == command.name; });
          if (!present) model->fields.push_back(FieldState{command.name, {}, command.name});
          mark(key, span);
        } else if (command.kind == sql::AlterKind::drop_column && !command.name.empty()) {
          std::erase_if(model->fields,
                        [&](const FieldState& f) { return f.column == command.name; });
          mark(key, span);
        }
      }
    } else if (statement.node == "CreateStmt" && statement.created) {
      // A table SQL creates without a model: a state-only CreateModel may stand for it.
      ModelState table;
      table.name = statement.created->name;
      table.options["db_table"] = "'" + statement.created->name + "'";
      table.unknown = "created by SQL";
      state_.database.insert_or_assign("?" + statement.created->name, std::move(table));
    }
  }

 public:
 private:
  const MigrationSet& set_;
  const ProjectModels& models_;
  const ModelOptions& options_;
  ProjectState& state_;
  ValueContext context_;
  const Migration* migration_ = nullptr;
  using Models = std::map<std::string, ModelState, std::less<>>;
  Models* target_ = nullptr;  // the side an operation is applied to: state or database

  ModelState* model(const Operation& operation, std::string_view parameter) {
    const auto name = operation.string_argument(parameter);
    if (!name) return nullptr;
    const auto it = (*target_).find(key_of(migration_->app_label, *name));
    return it == (*target_).end() ? nullptr : &it->second;
  }

  std::string default_table(std::string_view name) const {
    return default_db_table(migration_->app_label, lower(name), options_.max_name_length);
  }

  std::string table_of(const ModelState& model) const {
    return model.table(options_.max_name_length);
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

  void uncertain(const std::string& reason) {
    state_.uncertain_apps.try_emplace(migration_->app_label, reason);
  }

  void apply_to(const Operation& operation, Models& models) {
    target_ = &models;
    switch (operation.kind) {
      case OperationKind::CreateModel:
        create_model(operation);
        break;
      case OperationKind::DeleteModel:
        if (const auto name = operation.string_argument("name")) {
          (*target_).erase(key_of(migration_->app_label, *name));
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
    (*target_).insert_or_assign(key_of(model.app_label, model.name), std::move(model));
  }

  void rename_model(const Operation& operation) {
    const auto old_name = operation.string_argument("old_name");
    const auto new_name = operation.string_argument("new_name");
    if (!old_name || !new_name) return;
    const auto it = (*target_).find(key_of(migration_->app_label, *old_name));
    if (it == (*target_).end()) return;
    ModelState model = std::move(it->second);
    (*target_).erase(it);
    model.name = *new_name;
    note_table(model);
    // Relations to the model follow it (RenameModel.state_forwards).
    const std::string old_label = "'" + lower(migration_->app_label + "." + *old_name) + "'";
    const std::string new_label = "'" + lower(migration_->app_label + "." + *new_name) + "'";
    for (auto& [key, other] : (*target_)) {
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
    (*target_).insert_or_assign(key_of(model.app_label, model.name), std::move(model));
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

std::string ModelState::table(std::optional<int> max_name_length) const {
  const auto it = options.find("db_table");
  if (it != options.end() && it->second.size() >= 2 && it->second.front() == '\'') {
    return it->second.substr(1, it->second.size() - 2);
  }
  return default_db_table(app_label, lower(name), max_name_length);
}

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
  state.max_name_length = options.max_name_length;
  Replayer replayer(set, models, options, state);
  std::set<std::string> seen;
  for (const Migration* migration : graph_order(graph)) {
    replayer.apply(*migration);
    if (state.one_sided.empty()) continue;  // nothing was ever applied to one side only
    for (Divergence& divergence : database_divergences(state)) {
      if ((divergence.kind == Divergence::Kind::TableName ||
           divergence.kind == Divergence::Kind::IndexName) &&
          seen.insert(divergence.app_label + "." + divergence.model_name + "|" + divergence.subject)
              .second) {
        state.renamed.push_back(std::move(divergence));
      }
    }
  }
  return state;
}

std::vector<ProjectState> replay_all(const MigrationSet& set, const ProjectModels& models,
                                     const ModelOptions& options) {
  std::vector<ProjectState> states;
  states.reserve(set.graphs.size());
  for (const MigrationGraph& graph : set.graphs) {
    states.push_back(replay_migrations(set, graph, models, options));
  }
  return states;
}

std::vector<Divergence> database_divergences(const ProjectState& state) {
  std::vector<Divergence> out;
  for (const auto& [key, model] : state.models) {
    if (model.proxy() || !model.managed() || !model.unknown.empty() ||
        state.uncertain_database.count(model.app_label) ||
        state.uncertain_apps.count(model.app_label)) {
      continue;
    }
    const std::string table = model.table(state.max_name_length);
    if (state.database.count("?" + table)) continue;  // created by SQL: columns unknown
    Divergence base;
    base.app_label = model.app_label;
    base.model_name = key.substr(key.find('.') + 1);
    base.migration = model.created_by;
    if (model.created_by) base.span = model.created_by->span;
    if (const auto it = state.one_sided.find(key); it != state.one_sided.end()) {
      base.migration = it->second.first;
      base.span = it->second.second;
    }
    const auto found = state.database.find(key);
    if (found == state.database.end()) {
      Divergence divergence = base;
      divergence.kind = Divergence::Kind::TableName;
      divergence.subject = "table " + table;
      divergence.message = fmt::format(
          "the migration state has model `{}.{}` with table `{}`; the migrations never create "
          "that table in the database",
          model.app_label, model.name, table);
      out.push_back(std::move(divergence));
      continue;
    }
    const ModelState& database = found->second;
    const std::string database_table = database.table(state.max_name_length);
    if (database_table != table) {
      Divergence divergence = base;
      divergence.kind = Divergence::Kind::TableName;
      divergence.subject = "table " + table;
      divergence.message = fmt::format(
          "the migration state calls the table of `{}.{}` `{}`; the database has it as `{}`",
          model.app_label, model.name, table, database_table);
      out.push_back(std::move(divergence));
    }
    std::set<std::string> believed, actual;
    for (const FieldState& field : model.fields) {
      if (!field.deconstructed.path.ends_with("ManyToManyField")) believed.insert(field.column);
    }
    for (const FieldState& field : database.fields) {
      if (!field.deconstructed.path.ends_with("ManyToManyField")) actual.insert(field.column);
    }
    for (const std::string& column : believed) {
      if (actual.count(column)) continue;
      Divergence divergence = base;
      divergence.kind = Divergence::Kind::MissingColumn;
      divergence.message =
          fmt::format("the migration state has column `{}` in table `{}`; the database does not",
                      column, database_table);
      out.push_back(std::move(divergence));
    }
    for (const std::string& column : actual) {
      if (believed.count(column)) continue;
      Divergence divergence = base;
      divergence.kind = Divergence::Kind::ExtraColumn;
      divergence.message = fmt::format(
          "the database has column `{}` in table `{}`, which the migration state does not know",
          column, database_table);
      out.push_back(std::move(divergence));
    }
    std::set<std::string> believed_indexes, actual_indexes;
    for (const ObjectState& index : model.indexes) believed_indexes.insert(index.name);
    for (const ObjectState& index : database.indexes) actual_indexes.insert(index.name);
    std::vector<std::string> only_state, only_database;
    std::set_difference(believed_indexes.begin(), believed_indexes.end(), actual_indexes.begin(),
                        actual_indexes.end(), std::back_inserter(only_state));
    std::set_difference(actual_indexes.begin(), actual_indexes.end(), believed_indexes.begin(),
                        believed_indexes.end(), std::back_inserter(only_database));
    // An index only the database has (raw CREATE INDEX, often CONCURRENTLY, without
    // state_operations) breaks nothing Django generates; one only the state has does.
    if (!only_state.empty()) {
      auto join = [](const std::vector<std::string>& names) {
        std::string text;
        for (const std::string& name : names) text += (text.empty() ? "`" : ", `") + name + "`";
        return text.empty() ? std::string("none") : text;
      };
      Divergence divergence = base;
      divergence.kind = Divergence::Kind::IndexName;
      divergence.subject = "index " + join(only_state);
      divergence.message =
          fmt::format("the migration state has index {} on table `{}`; the database has {} instead",
                      join(only_state), database_table, join(only_database));
      out.push_back(std::move(divergence));
    }
  }
  return out;
}

}  // namespace preflight::django::migrations
