#include "django/migrations/deconstruct.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <set>
#include <span>
#include <vector>

#include "django/python_values.h"

namespace preflight::django::migrations {
namespace {

using python::Kind;
using python::Node;
using python::Value;

constexpr int kMaxDepth = 16;

std::string python_quoted(std::string_view text) {
  std::string out = "'";
  for (const char c : text) {
    if (c == '\\' || c == '\'') out += '\\';
    out += c;
  }
  return out + "'";
}

std::string ascii_lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// Django's own names are re-exported: `models.CASCADE` is django.db.models.deletion.CASCADE.
std::string normalise_path(std::string_view dotted) {
  for (const std::string_view package :
       {"django.db.models.", "django.contrib.postgres.fields.", "django.contrib.postgres.indexes.",
        "django.contrib.postgres.constraints."}) {
    if (dotted.starts_with(package)) {
      const std::size_t last = dotted.rfind('.');
      return std::string(package) + std::string(dotted.substr(last + 1));
    }
  }
  return std::string(dotted);
}

bool is_gettext(std::string_view dotted) {
  static const std::set<std::string_view> names = {
      "django.utils.translation.gettext_lazy", "django.utils.translation.gettext",
      "django.utils.translation.ugettext_lazy", "django.utils.translation.ugettext",
      "django.utils.translation.gettext_noop"};
  return names.count(dotted) > 0;
}

// The value assigned to a module-level name (`STATUS_CHOICES = [...]`), and its module.
const Node* module_constant(const ModuleTable& table, std::string_view dotted,
                            const ModuleTable::Module** owner) {
  const std::size_t dot = dotted.rfind('.');
  if (dot == std::string_view::npos) return nullptr;
  const ModuleTable::Module* module = table.find(dotted.substr(0, dot));
  if (!module || !module->source || !module->source->tree) return nullptr;
  const std::string_view name = dotted.substr(dot + 1);
  const Node* found = nullptr;
  for (const Node* statement : list_field(*module->source->tree, "body")) {
    if (statement->kind == Kind::Assign) {
      for (const Node* target : list_field(*statement, "targets")) {
        if (name_id(target) == name) found = statement->get("value").node;
      }
    } else if (statement->kind == Kind::AnnAssign &&
               name_id(statement->get("target").node) == name) {
      found = statement->get("value").node;
    }
  }
  if (found) *owner = module;
  return found;
}

// Q objects as django.utils.tree.Node builds them: children, connector, negation.
struct QValue {
  std::vector<std::string> children;
  std::string connector = "AND";
  bool negated = false;
  bool nested = false;  // a child that is itself a Q (kept as a child, not squashed)

  std::string text() const {
    std::string out = "Q(";
    for (const std::string& child : children) out += child + ",";
    return out + connector + (negated ? ",negated)" : ")");
  }
  // tree.Node.add: a child with the same connector, or one child and not negated, is squashed.
  void add(const QValue& other) {
    if (!other.negated && (other.connector == connector || other.children.size() == 1)) {
      children.insert(children.end(), other.children.begin(), other.children.end());
    } else {
      children.push_back(other.text());
    }
  }
};

class Canonicaliser {
 public:
  explicit Canonicaliser(const ValueContext& context) : context_(context) {}

  std::optional<std::string> value(const Node* node, const ModuleTable::Module* module,
                                   int depth) const {
    if (!node || depth > kMaxDepth) return std::nullopt;
    switch (node->kind) {
      case Kind::Constant:
        return constant(*node);
      case Kind::UnaryOp: {
        const std::string_view op = node->get("op").node ? kind_of(node->get("op").node) : "";
        const auto operand = value(node->get("operand").node, module, depth + 1);
        if (!operand) return std::nullopt;
        if (op == "USub") return "-" + *operand;
        if (op == "Invert") {
          if (auto q = q_value(node, module, depth)) return q->text();
        }
        return std::nullopt;
      }
      case Kind::List:
      case Kind::Tuple:
      case Kind::Set: {
        std::vector<std::string> items;
        for (const Node* element : list_field(*node, "elts")) {
          auto item = value(element, module, depth + 1);
          if (!item) return std::nullopt;
          items.push_back(std::move(*item));
        }
        if (node->kind == Kind::Set) {
          std::sort(items.begin(), items.end());
          items.erase(std::unique(items.begin(), items.end()), items.end());
        }
        std::string out = node->kind == Kind::List ? "[" : node->kind == Kind::Tuple ? "(" : "{";
        for (const std::string& item : items) out += item + ",";
        return out + (node->kind == Kind::List ? "]" : node->kind == Kind::Tuple ? ")" : "}");
      }
      case Kind::Dict: {
        const auto keys = list_field(*node, "keys");
        const auto values = list_field(*node, "values");
        std::vector<std::string> entries;
        for (std::size_t i = 0; i < keys.size() && i < values.size(); ++i) {
          auto key = value(keys[i], module, depth + 1);
          auto item = value(values[i], module, depth + 1);
          if (!key || !item) return std::nullopt;
          entries.push_back(*key + ":" + *item);
        }
        std::sort(entries.begin(), entries.end());
        std::string out = "dict{";
        for (const std::string& entry : entries) out += entry + ",";
        return out + "}";
      }
      case Kind::Name:
      case Kind::Attribute:
        return reference(node, module, depth);
      case Kind::Subscript: {
        // The writer's enum form: `django.db.models.constraints.Deferrable['DEFERRED']`.
        const auto base = reference_path(node->get("value").node, module);
        const auto key = string_value(node->get("slice").node);
        if (base && key) return "ref:" + normalise_path(*base) + "." + std::string(*key);
        return std::nullopt;
      }
      case Kind::Call:
        return call(*node, module, depth);
      case Kind::BinOp: {
        if (auto q = q_value(node, module, depth)) return q->text();
        return std::nullopt;
      }
      default:
        return std::nullopt;
    }
  }

  std::optional<std::string> reference_path(const Node* node,
                                            const ModuleTable::Module* module) const {
    if (!module || !context_.table) return std::nullopt;
    return context_.table->resolve(*module, node);
  }

  std::optional<QValue> q_value(const Node* node, const ModuleTable::Module* module,
                                int depth) const {
    if (!node || depth > kMaxDepth) return std::nullopt;
    if (node->kind == Kind::Call) {
      const auto callee = reference_path(node->get("func").node, module);
      if (!callee || normalise_path(*callee) != "django.db.models.Q") return std::nullopt;
      QValue q;
      for (const Node* argument : positional_arguments(*node)) {
        if (argument->kind == Kind::Starred) return std::nullopt;
        if (auto nested = q_value(argument, module, depth + 1)) {
          q.children.push_back(nested->text());
          continue;
        }
        auto child = value(argument, module, depth + 1);
        if (!child) return std::nullopt;
        q.children.push_back(std::move(*child));
      }
      std::vector<std::pair<std::string, const Node*>> keywords;
      for (const Node* keyword : list_field(*node, "keywords")) {
        const std::string_view arg = keyword->get("arg").text;
        if (arg.empty()) return std::nullopt;
        keywords.emplace_back(std::string(arg), keyword->get("value").node);
      }
      std::sort(keywords.begin(), keywords.end(),
                [](const auto& a, const auto& b) { return a.first < b.first; });
      for (const auto& [arg, expression] : keywords) {
        auto item = value(expression, module, depth + 1);
        if (!item) return std::nullopt;
        if (arg == "_connector") {
          q.connector = item->size() > 2 ? item->substr(1, item->size() - 2) : *item;
        } else if (arg == "_negated") {
          q.negated = *item == "True";
        } else {
          q.children.push_back("(" + python_quoted(arg) + "," + *item + ",)");
        }
      }
      return q;
    }
    if (node->kind == Kind::BinOp) {
      const std::string_view op = kind_of(node->get("op").node);
      if (op != "BitOr" && op != "BitAnd") return std::nullopt;
      auto left = q_value(node->get("left").node, module, depth + 1);
      auto right = q_value(node->get("right").node, module, depth + 1);
      if (!left || !right) return std::nullopt;
      QValue combined;
      combined.connector = op == "BitOr" ? "OR" : "AND";
      combined.add(*left);
      combined.add(*right);
      return combined;
    }
    if (node->kind == Kind::UnaryOp && kind_of(node->get("op").node) == "Invert") {
      auto operand = q_value(node->get("operand").node, module, depth + 1);
      if (!operand) return std::nullopt;
      QValue inverted;
      inverted.add(*operand);
      inverted.negated = !inverted.negated;
      return inverted;
    }
    return std::nullopt;
  }

 private:
  const ValueContext& context_;

  static std::string_view kind_of(const Node* node) {
    return node ? python::kind_name(node->kind) : std::string_view();
  }

  static std::optional<std::string> constant(const Node& node) {
    const Value& field = node.get("value");
    if (field.type != Value::Type::Constant) return std::nullopt;
    const python::Constant& c = *field.constant;
    switch (c.type) {
      case python::Constant::Type::None:
        return "None";
      case python::Constant::Type::True:
        return "True";
      case python::Constant::Type::False:
        return "False";
      case python::Constant::Type::Int:
        return std::string(c.text);
      case python::Constant::Type::Float:
        return fmt::format("{}", c.number);
      case python::Constant::Type::Str:
        return python_quoted(c.text);
      case python::Constant::Type::Bytes:
        return "b" + python_quoted(c.text);
      default:
        return std::nullopt;
    }
  }

  std::optional<std::string> reference(const Node* node, const ModuleTable::Module* module,
                                       int depth) const {
    if (context_.class_def && module == context_.module && node->kind == Kind::Name) {
      // A name the class body assigned before the field: a class attribute.
      const Node* assigned = nullptr;
      for (const Node* statement : list_field(*context_.class_def, "body")) {
        if (statement->location.lineno >= node->location.lineno) break;
        if (statement->kind != Kind::Assign) continue;
        for (const Node* target : list_field(*statement, "targets")) {
          if (name_id(target) == name_id(node)) assigned = statement->get("value").node;
        }
      }
      if (assigned) return value(assigned, module, depth + 1);
    }
    const auto dotted = reference_path(node, module);
    if (!dotted) return std::nullopt;
    if (dotted->starts_with("django.conf.settings.")) {
      const std::string setting = dotted->substr(std::string_view("django.conf.settings.").size());
      if (setting == "AUTH_USER_MODEL" && context_.auth_user_model) {
        return python_quoted(*context_.auth_user_model);
      }
      return "settings." + setting;
    }
    const ModuleTable::Module* owner = nullptr;
    if (const Node* assigned = module_constant(*context_.table, *dotted, &owner)) {
      return value(assigned, owner, depth + 1);
    }
    return "ref:" + normalise_path(*dotted);
  }

  std::optional<std::string> call(const Node& node, const ModuleTable::Module* module,
                                  int depth) const {
    const auto callee = reference_path(node.get("func").node, module);
    if (!callee) return std::nullopt;
    if (is_gettext(*callee)) {
      const auto arguments = positional_arguments(node);
      if (arguments.size() != 1) return std::nullopt;
      return value(arguments[0], module, depth + 1);
    }
    if (normalise_path(*callee) == "django.db.models.Q") {
      if (auto q = q_value(&node, module, depth)) return q->text();
      return std::nullopt;
    }
    std::string out = "call:" + normalise_path(*callee) + "(";
    for (const Node* argument : positional_arguments(node)) {
      auto item = value(argument, module, depth + 1);
      if (!item) return std::nullopt;
      out += *item + ",";
    }
    std::vector<std::string> keywords;
    for (const Node* keyword : list_field(node, "keywords")) {
      const std::string_view arg = keyword->get("arg").text;
      if (arg.empty()) return std::nullopt;
      auto item = value(keyword->get("value").node, module, depth + 1);
      if (!item) return std::nullopt;
      keywords.push_back(std::string(arg) + "=" + *item);
    }
    std::sort(keywords.begin(), keywords.end());
    for (const std::string& keyword : keywords) out += keyword + ",";
    return out + ")";
  }
};

// ---- fields -------------------------------------------------------------------------------------

constexpr std::array<std::string_view, 21> kFieldParameters = {"verbose_name",
                                                               "name",
                                                               "primary_key",
                                                               "max_length",
                                                               "unique",
                                                               "blank",
                                                               "null",
                                                               "db_index",
                                                               "rel",
                                                               "default",
                                                               "editable",
                                                               "serialize",
                                                               "unique_for_date",
                                                               "unique_for_month",
                                                               "unique_for_year",
                                                               "choices",
                                                               "help_text",
                                                               "db_column",
                                                               "db_tablespace",
                                                               "auto_created",
                                                               "validators"};

// Field.deconstruct's `possibles` (error_messages besides): left out when equal.
const std::map<std::string_view, std::string_view>& field_defaults() {
  static const std::map<std::string_view, std::string_view> defaults = {
      {"verbose_name", "None"},
      {"primary_key", "False"},
      {"max_length", "None"},
      {"unique", "False"},
      {"blank", "False"},
      {"null", "False"},
      {"db_index", "False"},
      {"editable", "True"},
      {"serialize", "True"},
      {"unique_for_date", "None"},
      {"unique_for_month", "None"},
      {"unique_for_year", "None"},
      {"choices", "None"},
      {"help_text", "''"},
      {"db_column", "None"},
      {"db_tablespace", "None"},
      {"auto_created", "False"},
      {"validators", "[]"},
      {"error_messages", "None"},
      {"name", "None"},
      {"rel", "None"}};
  return defaults;
}

// The positional parameters of a field class's __init__.
std::vector<std::string_view> positional_parameters(std::string_view django_class) {
  if (django_class == "ForeignKey") {
    return {"to",          "on_delete", "related_name", "related_query_name", "limit_choices_to",
            "parent_link", "to_field",  "db_constraint"};
  }
  if (django_class == "OneToOneField") return {"to", "on_delete", "to_field"};
  if (django_class == "ManyToManyField") {
    return {"to",      "related_name",   "related_query_name", "limit_choices_to", "symmetrical",
            "through", "through_fields", "db_constraint",      "db_table",         "swappable"};
  }
  if (django_class == "DecimalField") {
    return {"verbose_name", "name", "max_digits", "decimal_places"};
  }
  if (django_class == "DateField" || django_class == "DateTimeField" ||
      django_class == "TimeField") {
    return {"verbose_name", "name", "auto_now", "auto_now_add"};
  }
  if (django_class == "FileField") return {"verbose_name", "name", "upload_to", "storage"};
  if (django_class == "ImageField") {
    return {"verbose_name", "name", "width_field", "height_field"};
  }
  if (django_class == "FilePathField") {
    return {"verbose_name", "name", "path", "match", "recursive", "allow_files", "allow_folders"};
  }
  if (django_class == "GenericIPAddressField") {
    return {"verbose_name", "name", "protocol", "unpack_ipv4"};
  }
  if (django_class == "URLField") return {"verbose_name", "name"};
  if (django_class == "UUIDField") return {"verbose_name"};
  if (django_class == "JSONField") return {"verbose_name", "name", "encoder", "decoder"};
  if (django_class == "ArrayField") return {"base_field", "size"};
  return {kFieldParameters.begin(), kFieldParameters.end()};
}

bool is_auto_field(std::string_view django_class) {
  return django_class == "AutoField" || django_class == "BigAutoField" ||
         django_class == "SmallAutoField";
}

bool is_relation(std::string_view django_class) {
  return django_class == "ForeignKey" || django_class == "OneToOneField" ||
         django_class == "ManyToManyField";
}

void drop_if(std::map<std::string, std::string, std::less<>>& kwargs, std::string_view key,
             std::string_view value) {
  const auto it = kwargs.find(key);
  if (it != kwargs.end() && it->second == value) kwargs.erase(it);
}

std::string get_or(const std::map<std::string, std::string, std::less<>>& kwargs,
                   std::string_view key, std::string_view fallback) {
  const auto it = kwargs.find(key);
  return it == kwargs.end() ? std::string(fallback) : it->second;
}

// A relation's `to` as deconstruct compares it: the lower-cased label.
std::optional<std::string> relation_target(const Node* node, const ValueContext& context,
                                           const Canonicaliser& canonicaliser) {
  if (const auto text = string_value(node)) {
    return python_quoted(ascii_lower(*text));
  }
  const auto dotted = canonicaliser.reference_path(node, context.module);
  if (!dotted) return std::nullopt;
  if (*dotted == "django.conf.settings.AUTH_USER_MODEL") {
    if (!context.auth_user_model) return std::nullopt;
    return python_quoted(ascii_lower(*context.auth_user_model));
  }
  if (context.models) {
    const std::size_t dot = dotted->rfind('.');
    for (const Model& model : context.models->models) {
      if (dot != std::string::npos && model.module == dotted->substr(0, dot) &&
          model.name == dotted->substr(dot + 1)) {
        return python_quoted(ascii_lower(model.label()));
      }
    }
  }
  // A model outside the project: its label is the app's label and the class name, which the
  // dotted path does not give (auth.User lives in django.contrib.auth.models).
  if (*dotted == "django.contrib.auth.models.User") return python_quoted("auth.user");
  if (*dotted == "django.contrib.auth.models.Group") return python_quoted("auth.group");
  if (*dotted == "django.contrib.auth.models.Permission") return python_quoted("auth.permission");
  if (*dotted == "django.contrib.contenttypes.models.ContentType") {
    return python_quoted("contenttypes.contenttype");
  }
  return std::nullopt;
}

// The class a call instantiates, as a dotted path, also set as `out.path`; nullopt (with
// `out.unknown` said) when `call` is not a call of a class the module's names resolve.
std::optional<std::string> callee_path(const Node* call, const ValueContext& context,
                                       Deconstructed& out) {
  if (!call || call->kind != Kind::Call) {
    out.unknown = "not a call";
    return std::nullopt;
  }
  auto callee = Canonicaliser(context).reference_path(call->get("func").node, context.module);
  if (!callee) {
    out.unknown = "the class cannot be resolved";
  } else {
    out.path = normalise_path(*callee);
  }
  return callee;
}

std::string render(const Deconstructed& deconstructed) {
  std::string out = deconstructed.path + "(";
  for (const auto& [key, value] : deconstructed.kwargs) out += key + "=" + value + ",";
  return out + ")";
}

}  // namespace

std::optional<std::string> canonical_value(const Node* expression, const ValueContext& context) {
  return Canonicaliser(context).value(expression, context.module, 0);
}

std::string django_models_class(std::string_view dotted) {
  if (!dotted.starts_with("django.db.models.") &&
      !dotted.starts_with("django.contrib.postgres.fields.")) {
    return "";
  }
  return std::string(dotted.substr(dotted.rfind('.') + 1));
}

std::string Deconstructed::difference(const Deconstructed& before, const Deconstructed& after) {
  std::vector<std::string> parts;
  if (before.path != after.path) parts.push_back(fmt::format("{} → {}", before.path, after.path));
  std::set<std::string> keys;
  for (const auto& [key, value] : before.kwargs) keys.insert(key);
  for (const auto& [key, value] : after.kwargs) keys.insert(key);
  for (const std::string& key : keys) {
    const auto old_value = before.kwargs.find(key);
    const auto new_value = after.kwargs.find(key);
    if (old_value == before.kwargs.end()) {
      parts.push_back(fmt::format("{}={} added", key, new_value->second));
    } else if (new_value == after.kwargs.end()) {
      parts.push_back(fmt::format("{}={} removed", key, old_value->second));
    } else if (old_value->second != new_value->second) {
      parts.push_back(fmt::format("{} {} → {}", key, old_value->second, new_value->second));
    }
  }
  std::string out;
  for (const std::string& part : parts) out += (out.empty() ? "" : ", ") + part;
  return out;
}

Deconstructed deconstruct_field(const Node* call, const ValueContext& context, bool primary_key) {
  Deconstructed out;
  const auto callee = callee_path(call, context, out);
  if (!callee) return out;
  const Canonicaliser canonicaliser(context);
  const std::string django_class = django_models_class(*callee);

  // Bind the arguments to the class's parameters.
  std::map<std::string, const Node*, std::less<>> given;
  const std::vector<std::string_view> parameters = positional_parameters(django_class);
  const auto positional = positional_arguments(*call);
  for (std::size_t i = 0; i < positional.size(); ++i) {
    if (positional[i]->kind == Kind::Starred || i >= parameters.size()) {
      out.unknown = "positional arguments that cannot be bound";
      return out;
    }
    given[std::string(parameters[i])] = positional[i];
  }
  for (const Node* keyword : list_field(*call, "keywords")) {
    const std::string_view arg = keyword->get("arg").text;
    if (arg.empty()) {
      out.unknown = "`**kwargs` in the field's arguments";
      return out;
    }
    given[std::string(arg)] = keyword->get("value").node;
  }

  auto& kwargs = out.kwargs;
  for (const auto& [name, node] : given) {
    std::optional<std::string> text;
    if (name == "to" && is_relation(django_class)) {
      text = relation_target(node, context, canonicaliser);
    } else if (name == "through") {
      text = relation_target(node, context, canonicaliser);
    } else if (name == "base_field") {
      const Deconstructed base = deconstruct_field(node, context, false);
      if (base.known()) text = render(base);
    } else {
      text = canonicaliser.value(node, context.module, 0);
    }
    if (!text) {
      out.unknown = fmt::format("`{}` is computed", name);
      return out;
    }
    if ((name == "choices" || name == "validators") && text->starts_with("(")) {
      // Field.__init__ keeps list(choices) and list(validators).
      *text = "[" + text->substr(1, text->size() - 2) + "]";
    }
    kwargs[name] = std::move(*text);
  }

  // What __init__ sets when not given (then left out or kept by deconstruct).
  auto set_default = [&](std::string_view key, std::string_view value) {
    kwargs.try_emplace(std::string(key), std::string(value));
  };
  if (django_class == "EmailField") set_default("max_length", "254");
  if (django_class == "URLField") set_default("max_length", "200");
  if (django_class == "SlugField") {
    set_default("max_length", "50");
    set_default("db_index", "True");
  }
  if (django_class == "FileField" || django_class == "ImageField" ||
      django_class == "FilePathField") {
    set_default("max_length", "100");
  }
  if (django_class == "FileField" || django_class == "ImageField") set_default("upload_to", "''");
  if (django_class == "UUIDField") set_default("max_length", "32");
  if (django_class == "GenericIPAddressField") set_default("max_length", "39");
  if (django_class == "BinaryField") set_default("editable", "False");
  if (django_class == "NullBooleanField") {
    set_default("null", "True");
    set_default("blank", "True");
  }
  if (django_class == "ForeignKey" || django_class == "OneToOneField") {
    set_default("db_index", "True");
  }
  if (is_auto_field(django_class)) {
    kwargs["primary_key"] = "True";
  }
  const bool auto_date = get_or(kwargs, "auto_now", "False") == "True" ||
                         get_or(kwargs, "auto_now_add", "False") == "True";
  if (primary_key || get_or(kwargs, "primary_key", "False") == "True") {
    kwargs["serialize"] = "False";  // Options.setup_pk
  }

  // Field.deconstruct: the base options equal to their defaults are left out.
  const std::string db_index = get_or(kwargs, "db_index", "False");
  for (const auto& [key, value] : field_defaults()) drop_if(kwargs, key, value);

  // The classes' own deconstruct().
  if (django_class == "CharField" || django_class == "TextField") {
    drop_if(kwargs, "db_collation", "None");
  }
  if (django_class == "DecimalField") {
    drop_if(kwargs, "max_digits", "None");
    drop_if(kwargs, "decimal_places", "None");
  }
  if (django_class == "DateField" || django_class == "DateTimeField" ||
      django_class == "TimeField") {
    drop_if(kwargs, "auto_now", "False");
    drop_if(kwargs, "auto_now_add", "False");
    if (auto_date) {
      kwargs.erase("editable");
      kwargs.erase("blank");
    }
  }
  if (django_class == "FilePathField") {
    drop_if(kwargs, "path", "''");
    drop_if(kwargs, "match", "None");
    drop_if(kwargs, "recursive", "False");
    drop_if(kwargs, "allow_files", "True");
    drop_if(kwargs, "allow_folders", "False");
    drop_if(kwargs, "max_length", "100");
  }
  if (django_class == "FileField" || django_class == "ImageField") {
    drop_if(kwargs, "max_length", "100");
    drop_if(kwargs, "storage", "None");
    drop_if(kwargs, "width_field", "None");
    drop_if(kwargs, "height_field", "None");
  }
  if (django_class == "UUIDField") kwargs.erase("max_length");
  if (django_class == "GenericIPAddressField") {
    drop_if(kwargs, "unpack_ipv4", "False");
    drop_if(kwargs, "protocol", "'both'");
    drop_if(kwargs, "max_length", "39");
  }
  if (django_class == "NullBooleanField") {
    kwargs.erase("null");
    kwargs.erase("blank");
  }
  if (django_class == "SlugField") {
    drop_if(kwargs, "max_length", "50");
    if (db_index == "False") {
      kwargs["db_index"] = "False";
    } else {
      kwargs.erase("db_index");
    }
    drop_if(kwargs, "allow_unicode", "False");
  }
  if (django_class == "URLField") drop_if(kwargs, "max_length", "200");
  if (django_class == "BinaryField") {
    if (get_or(kwargs, "editable", "True") == "True") kwargs["editable"] = "True";
  }
  if (django_class == "JSONField") {
    drop_if(kwargs, "encoder", "None");
    drop_if(kwargs, "decoder", "None");
  }
  if (is_auto_field(django_class)) kwargs.erase("blank");
  if (is_relation(django_class)) {
    drop_if(kwargs, "limit_choices_to", "None");
    drop_if(kwargs, "limit_choices_to", "dict{}");
    drop_if(kwargs, "related_name", "None");
    drop_if(kwargs, "related_query_name", "None");
    drop_if(kwargs, "db_constraint", "True");
  }
  if (django_class == "ForeignKey" || django_class == "OneToOneField") {
    drop_if(kwargs, "parent_link", "False");
    drop_if(kwargs, "to_field", "None");
    if (db_index == "False") {
      kwargs["db_index"] = "False";
    } else {
      kwargs.erase("db_index");
    }
  }
  if (django_class == "OneToOneField") kwargs.erase("unique");
  if (django_class == "ManyToManyField") {
    drop_if(kwargs, "db_table", "None");
    drop_if(kwargs, "through", "None");
    kwargs.erase("symmetrical");
    kwargs.erase("through_fields");
    kwargs.erase("swappable");
    kwargs.erase("db_index");
  }
  return out;
}

Deconstructed auto_primary_key(std::string_view django_class) {
  Deconstructed out;
  out.path = "django.db.models." + std::string(django_class);
  out.kwargs = {{"auto_created", "True"},
                {"primary_key", "True"},
                {"serialize", "False"},
                {"verbose_name", "'ID'"}};
  return out;
}

Deconstructed parent_link(std::string_view parent_label) {
  Deconstructed out;
  out.path = "django.db.models.OneToOneField";
  out.kwargs = {{"auto_created", "True"}, {"on_delete", "ref:django.db.models.CASCADE"},
                {"parent_link", "True"},  {"primary_key", "True"},
                {"serialize", "False"},   {"to", python_quoted(ascii_lower(parent_label))}};
  return out;
}

namespace {

Deconstructed deconstruct_object(const Node* call, const ValueContext& context,
                                 const std::optional<std::string>& name, bool tuple_fields) {
  Deconstructed out;
  if (!callee_path(call, context, out)) return out;
  const Canonicaliser canonicaliser(context);
  std::string expressions;
  for (const Node* argument : positional_arguments(*call)) {
    auto item = canonicaliser.value(argument, context.module, 0);
    if (!item) {
      out.unknown = "an expression that cannot be read";
      return out;
    }
    expressions += *item + ",";
  }
  if (!expressions.empty()) out.kwargs["*expressions"] = expressions;
  for (const Node* keyword : list_field(*call, "keywords")) {
    const std::string_view arg = keyword->get("arg").text;
    if (arg.empty()) {
      out.unknown = "`**kwargs` in the arguments";
      return out;
    }
    if (arg == "name" && name) continue;
    auto item = canonicaliser.value(keyword->get("value").node, context.module, 0);
    if (!item) {
      out.unknown = fmt::format("`{}` is computed", arg);
      return out;
    }
    out.kwargs[std::string(arg)] = std::move(*item);
  }
  if (name) out.kwargs["name"] = python_quoted(*name);
  // Index keeps list(fields); UniqueConstraint tuple(fields); include is a tuple in both.
  auto as_sequence = [&](std::string_view key, char open, char close) {
    const auto it = out.kwargs.find(key);
    if (it == out.kwargs.end() || it->second.size() < 2) return;
    if (it->second.front() == '(' || it->second.front() == '[') {
      it->second = open + it->second.substr(1, it->second.size() - 2) + close;
    }
  };
  if (tuple_fields) {
    as_sequence("fields", '(', ')');
  } else {
    as_sequence("fields", '[', ']');
    out.kwargs.try_emplace("fields", "[]");
  }
  as_sequence("include", '(', ')');
  drop_if(out.kwargs, "include", "()");
  drop_if(out.kwargs, "include", "None");
  drop_if(out.kwargs, "opclasses", "()");
  drop_if(out.kwargs, "opclasses", "[]");
  drop_if(out.kwargs, "condition", "None");
  drop_if(out.kwargs, "db_tablespace", "None");
  drop_if(out.kwargs, "deferrable", "None");
  return out;
}

}  // namespace

Deconstructed deconstruct_index(const Node* call, const ValueContext& context,
                                const std::optional<std::string>& name) {
  return deconstruct_object(call, context, name, false);
}

Deconstructed deconstruct_constraint(const Node* call, const ValueContext& context,
                                     const std::optional<std::string>& name) {
  return deconstruct_object(call, context, name, true);
}

}  // namespace preflight::django::migrations
