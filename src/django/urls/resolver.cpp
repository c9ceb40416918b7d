// resolve_urls: evaluates the URLconf modules' top-level statements abstractly. A module's state is
// what Django's `import_module` would leave: its pattern lists by variable, its DRF routers and its
// `app_name`. Lists are followed through include(), imports, `+`, `+=`, append/extend; what else
// builds a list is a note.
#include <algorithm>
#include <map>
#include <set>

#include "django/python_values.h"
#include "django/urls/libraries.h"
#include "django/urls/project_code.h"
#include "django/urls/reachability.h"
#include "django/urls/route_regex.h"
#include "django/urls/urls.h"
#include "django/urls/view_facts.h"

namespace preflight::django::urls {

using python::Kind;
using python::Node;

namespace {

constexpr int kMaxIncludeDepth = 32;

struct ModuleState {
  bool evaluated = false;
  bool in_progress = false;
  std::map<std::string, Patterns, std::less<>> lists;
  std::map<std::string, DrfRouter, std::less<>> routers;
  std::optional<std::string> app_name;
};

// What a path()-like call is.
enum class PatternFunction { None, Path, RePath, Url };

PatternFunction pattern_function(std::string_view dotted) {
  if (dotted == "django.urls.conf.path") return PatternFunction::Path;
  if (dotted == "django.urls.conf.re_path") return PatternFunction::RePath;
  if (dotted == "django.conf.urls.url") return PatternFunction::Url;
  return PatternFunction::None;
}

bool is_include(std::string_view dotted) {
  return dotted == "django.urls.conf.include";
}

// URLconfs of development tools, installed and included only with DEBUG on: not following them
// leaves the production routes complete.
bool is_debug_only(std::string_view dotted) {
  return dotted.starts_with("debug_toolbar") || dotted.starts_with("silk.") ||
         dotted.starts_with("django_browser_reload");
}

// Marks routes added under a condition the analysis does not decide.
void mark_conditional(Patterns& patterns, bool conditional) {
  if (!conditional) return;
  for (PendingRoute& route : patterns.routes) route.conditional = true;
}

class Resolver {
 public:
  Resolver(const ModuleTable& table, DjangoVersion version) : table_(table), version_(version) {
    collect_converters();
  }

  UrlConf run(std::string_view root) {
    UrlConf conf;
    conf.root = std::string(root);
    const ModuleTable::Module* module = table_.find(root);
    if (!module) {
      conf.notes.push_back("ROOT_URLCONF " + conf.root + " is not a module of the project");
      conf.complete = false;
      return conf;
    }
    conf.found = true;
    ModuleState& state = evaluate(*module);
    const auto list = state.lists.find("urlpatterns");
    if (list == state.lists.end()) {
      conf.notes.push_back(module_path(*module) + ": no urlpatterns list");
      conf.complete = false;
      return conf;
    }
    const Patterns& patterns = list->second;
    // A list reached twice (`[x] + urlpatterns`) brings its notes twice.
    for (const std::string& note : patterns.notes) {
      if (std::find(conf.notes.begin(), conf.notes.end(), note) == conf.notes.end()) {
        conf.notes.push_back(note);
      }
    }
    conf.complete = patterns.complete;
    std::vector<RouteSamples> samples;
    for (const PendingRoute& pending : patterns.routes) {
      samples.emplace_back();
      conf.routes.push_back(finish(pending, samples.back()));
    }
    choose_examples(conf.routes, samples);
    for (Route& route : conf.routes) {
      if (std::optional<std::string> reason = health_reason(route, {})) {
        route.is_health = true;
        route.health_reason = std::move(*reason);
      }
    }
    return conf;
  }

 private:
  const ModuleTable& table_;
  DjangoVersion version_;
  ConverterRegexes converters_;
  std::map<std::string, ModuleState, std::less<>> states_;
  int depth_ = 0;

  struct Context {
    const ModuleTable::Module& module;
    ModuleState& state;
    bool conditional = false;
  };

  static std::string module_path(const ModuleTable::Module& module) {
    return module.source ? module.source->path : module.name;
  }

  Span span_of(const ModuleTable::Module& module, const Node& node) const {
    if (!module.source || !module.source->source) return Span{};
    return node_span(*module.source->source, module.source->file, node);
  }

  // `register_converter(YearConverter, "yyyy")` anywhere at module level, with the class's literal
  // `regex`.
  void collect_converters() {
    for (const ModuleTable::Module& module : table_.modules()) {
      if (!module.source || !module.source->tree) continue;
      for (const Node* statement : list_field(*module.source->tree, "body")) {
        if (statement->kind != Kind::Expr) continue;
        const Node* call = statement->get("value").node;
        if (!call || call->kind != Kind::Call) continue;
        const std::string callee = callee_name(table_, module, call);
        if (callee != "django.urls.register_converter" &&
            callee != "django.urls.converters.register_converter") {
          continue;
        }
        const auto arguments = positional_arguments(*call);
        if (arguments.size() != 2) continue;
        const std::optional<std::string_view> type_name = string_value(arguments[1]);
        const std::optional<Definition> definition =
            find_definition(table_, resolve_reference(table_, module, arguments[0]));
        if (!type_name || !definition || definition->node->kind != Kind::ClassDef) continue;
        for (const Node* item : list_field(*definition->node, "body")) {
          if (item->kind != Kind::Assign) continue;
          for (const Node* target : list_field(*item, "targets")) {
            if (name_id(target) != "regex") continue;
            if (const auto regex = string_value(item->get("value").node)) {
              converters_[std::string(*type_name)] = std::string(*regex);
            }
          }
        }
      }
    }
  }

  // --- modules ---

  ModuleState& evaluate(const ModuleTable::Module& module) {
    ModuleState& state = states_[module.name];
    if (state.evaluated || state.in_progress) return state;
    state.in_progress = true;
    if (module.source && module.source->tree) {
      Context context{module, state, false};
      statements(list_field(*module.source->tree, "body"), context);
    }
    state.in_progress = false;
    state.evaluated = true;
    return state;
  }

  void statements(std::span<Node* const> body, Context& context) {
    for (const Node* statement : body) run_statement(*statement, context);
  }

  void nested(std::span<Node* const> body, Context& context, bool conditional) {
    Context inner{context.module, context.state, context.conditional || conditional};
    statements(body, inner);
  }

  void run_statement(const Node& statement, Context& context) {
    switch (statement.kind) {
      case Kind::Assign: {
        const auto targets = list_field(statement, "targets");
        for (const Node* target : targets) {
          if (target->kind == Kind::Name) {
            assign(std::string(target->get("id").text), *statement.get("value").node, context);
          }
        }
        break;
      }
      case Kind::AnnAssign:
        if (const Node* value = statement.get("value").node;
            value && statement.get("target").node->kind == Kind::Name) {
          assign(std::string(statement.get("target").node->get("id").text), *value, context);
        }
        break;
      case Kind::AugAssign: {
        const std::string_view name = name_id(statement.get("target").node);
        const auto list = context.state.lists.find(name);
        if (list == context.state.lists.end()) break;
        if (statement.get("op").node->kind != Kind::Add) {
          list->second.note(where(context.module, statement) + ": " + std::string(name) +
                            " changed by an operator other than +=");
          break;
        }
        Patterns added = patterns(statement.get("value").node, context);
        mark_conditional(added, context.conditional);
        list->second.append(std::move(added));
        break;
      }
      case Kind::Expr:
        if (const Node* call = statement.get("value").node; call && call->kind == Kind::Call) {
          method_call(*call, context);
        }
        break;
      case Kind::If:
        // Neither branch is decided (`if settings.DEBUG:`): both are kept, marked conditional.
        nested(list_field(statement, "body"), context, true);
        nested(list_field(statement, "orelse"), context, true);
        break;
      case Kind::Try:
      case Kind::TryStar:
        nested(list_field(statement, "body"), context, false);
        for (const Node* handler : list_field(statement, "handlers")) {
          nested(list_field(*handler, "body"), context, true);
        }
        nested(list_field(statement, "orelse"), context, false);
        nested(list_field(statement, "finalbody"), context, false);
        break;
      case Kind::With:
        nested(list_field(statement, "body"), context, false);
        break;
      case Kind::For:
      case Kind::While:
        for (auto& [name, list] : context.state.lists) {
          if (mentions(statement, name)) {
            list.note(where(context.module, statement) + ": " + name +
                      " changed in a loop, not followed");
          }
        }
        break;
      default:
        break;
    }
  }

  static bool mentions(const Node& node, std::string_view name) {
    if (node.kind == Kind::Name && node.get("id").text == name) return true;
    bool found = false;
    python::for_each_child(node,
                           [&](const Node& child) { found = found || mentions(child, name); });
    return found;
  }

  void assign(const std::string& name, const Node& value, Context& context) {
    ModuleState& state = context.state;
    if (name == "app_name") {
      if (const auto text = string_value(&value)) state.app_name = std::string(*text);
      return;
    }
    if (value.kind == Kind::Call) {
      bool default_router = false;
      const std::string callee = callee_name(table_, context.module, &value);
      if (is_drf_router_class(callee, default_router)) {
        DrfRouter router;
        router.default_router = default_router;
        if (const auto slash = bool_value(keyword_argument(value, "trailing_slash"))) {
          router.trailing_slash = *slash;
        }
        state.routers[name] = std::move(router);
        return;
      }
    }
    if (!looks_like_patterns(value, context) && name != "urlpatterns") {
      state.lists.erase(name);
      return;
    }
    Patterns assigned = patterns(&value, context);
    const auto existing = state.lists.find(name);
    if (context.conditional && existing != state.lists.end() && mentions(value, name)) {
      // `urlpatterns = [extra] + urlpatterns` under a condition: the old routes stay either way.
      std::set<std::pair<FileId, std::uint32_t>> old_routes;
      for (const PendingRoute& route : existing->second.routes) {
        old_routes.emplace(route.span.file, route.span.begin);
      }
      for (PendingRoute& route : assigned.routes) {
        if (!old_routes.count({route.span.file, route.span.begin})) route.conditional = true;
      }
      existing->second = std::move(assigned);
      return;
    }
    mark_conditional(assigned, context.conditional);
    if (context.conditional && existing != state.lists.end()) {
      // Either the old or the new value: both kept, all conditional.
      mark_conditional(existing->second, true);
      existing->second.append(std::move(assigned));
      return;
    }
    state.lists[name] = std::move(assigned);
  }

  bool looks_like_patterns(const Node& value, const Context& context) const {
    switch (value.kind) {
      case Kind::List:
      case Kind::Tuple:
        for (const Node* element : elements(&value)) {
          if (element->kind == Kind::Call || element->kind == Kind::Starred) return true;
        }
        return elements(&value).empty();
      case Kind::BinOp:
        return looks_like_patterns(*value.get("left").node, context) ||
               looks_like_patterns(*value.get("right").node, context);
      case Kind::Name:
        return context.state.lists.count(value.get("id").text) != 0;
      case Kind::Attribute:
        return value.get("attr").text == "urls" || value.get("attr").text == "urlpatterns";
      case Kind::Call: {
        const std::string callee = callee_name(table_, context.module, &value);
        return callee.ends_with("i18n_patterns") || callee.ends_with(".static") ||
               callee.ends_with("format_suffix_patterns");
      }
      default:
        return false;
    }
  }

  // `urlpatterns.append(...)`, `.extend(...)`, `.insert(...)`, `router.register(...)`.
  void method_call(const Node& call, Context& context) {
    const Node* function = call.get("func").node;
    if (!function || function->kind != Kind::Attribute) return;
    const std::string_view owner = name_id(function->get("value").node);
    const std::string_view method = function->get("attr").text;
    const auto arguments = positional_arguments(call);
    if (const auto router = context.state.routers.find(owner);
        router != context.state.routers.end() && method == "register") {
      register_viewset(router->second, call, context);
      return;
    }
    const auto list = context.state.lists.find(owner);
    if (list == context.state.lists.end()) return;
    Patterns added;
    std::optional<std::size_t> position;
    if (method == "append" && arguments.size() == 1) {
      added = entry(*arguments[0], context);
    } else if (method == "extend" && arguments.size() == 1) {
      added = patterns(arguments[0], context);
    } else if (method == "insert" && arguments.size() == 2) {
      const Node* index = arguments[0];
      if (index->kind == Kind::Constant &&
          index->get("value").constant->type == python::Constant::Type::Int) {
        position = static_cast<std::size_t>(
            std::stoull(std::string(index->get("value").constant->text.substr(0, 18))));
        added = entry(*arguments[1], context);
      } else {
        list->second.note(where(context.module, call) + ": insert() at a computed index");
        return;
      }
    } else {
      list->second.note(where(context.module, call) + ": " + std::string(owner) + "." +
                        std::string(method) + "() not followed");
      return;
    }
    mark_conditional(added, context.conditional);
    if (position) {
      std::vector<PendingRoute>& routes = list->second.routes;
      const std::size_t at = std::min(*position, routes.size());
      routes.insert(routes.begin() + static_cast<std::ptrdiff_t>(at), added.routes.begin(),
                    added.routes.end());
      added.routes.clear();
    }
    list->second.append(std::move(added));
  }

  void register_viewset(DrfRouter& router, const Node& call, Context& context) {
    const auto arguments = positional_arguments(call);
    const Node* prefix_node = !arguments.empty() ? arguments[0] : keyword_argument(call, "prefix");
    const Node* viewset_node =
        arguments.size() > 1 ? arguments[1] : keyword_argument(call, "viewset");
    const Node* basename_node =
        arguments.size() > 2 ? arguments[2] : keyword_argument(call, "basename");
    const auto prefix = string_value(prefix_node);
    const std::string viewset = resolve_reference(table_, context.module, viewset_node);
    RouterRegistration registration;
    registration.where = where(context.module, call);
    if (!prefix || viewset.empty()) {
      router.notes.push_back(registration.where + ": register() with a computed prefix or an " +
                             "unknown viewset; its routes are missing");
      return;
    }
    registration.prefix = std::string(*prefix);
    registration.viewset = viewset;
    if (const auto basename = string_value(basename_node)) {
      registration.basename = std::string(*basename);
    }
    registration.span = span_of(context.module, call);
    registration.conditional = context.conditional;
    router.registrations.push_back(std::move(registration));
  }

  // --- expressions ---

  // A module-level variable of another project module: `from .api import api_patterns`.
  const ModuleState* owner_state(const std::string& dotted, std::string& variable) {
    const std::size_t dot = dotted.rfind('.');
    if (dot == std::string::npos) return nullptr;
    const ModuleTable::Module* module = table_.find(std::string_view(dotted).substr(0, dot));
    if (!module) return nullptr;
    variable = dotted.substr(dot + 1);
    return &evaluate(*module);
  }

  Patterns patterns(const Node* expression, Context& context) {
    Patterns result;
    if (!expression) return result;
    const std::string at = where(context.module, *expression);
    switch (expression->kind) {
      case Kind::List:
      case Kind::Tuple:
        for (const Node* element : elements(expression)) {
          if (element->kind == Kind::Starred) {
            result.append(patterns(element->get("value").node, context));
          } else {
            result.append(entry(*element, context));
          }
        }
        return result;
      case Kind::BinOp:
        if (expression->get("op").node->kind != Kind::Add) break;
        result.append(patterns(expression->get("left").node, context));
        result.append(patterns(expression->get("right").node, context));
        return result;
      case Kind::Name:
      case Kind::Attribute: {
        if (expression->kind == Kind::Name) {
          const auto list = context.state.lists.find(expression->get("id").text);
          if (list != context.state.lists.end()) return list->second;
        }
        if (std::optional<Patterns> found = referenced_list(*expression, context)) return *found;
        break;
      }
      case Kind::Call: {
        const std::string callee = callee_name(table_, context.module, expression);
        if (callee == "django.conf.urls.static.static") {
          result.note(at + ": static() adds routes only when DEBUG is on; not followed", false);
          return result;
        }
        if (callee == "django.conf.urls.i18n.i18n_patterns") {
          result.note(at + ": i18n_patterns() (language-prefixed routes) not followed");
          return result;
        }
        if (callee == "rest_framework.urlpatterns.format_suffix_patterns") {
          result = patterns(positional_arguments(*expression).empty()
                                ? nullptr
                                : positional_arguments(*expression)[0],
                            context);
          result.note(at + ": format_suffix_patterns() adds '.<format>' twins; not followed");
          return result;
        }
        if (callee == "django.contrib.staticfiles.urls.staticfiles_urlpatterns") {
          result.note(at + ": staticfiles_urlpatterns() adds routes only when DEBUG is on", false);
          return result;
        }
        result.note(at + ": a list built by " + (callee.empty() ? "a call" : callee + "()") +
                    " is not followed");
        return result;
      }
      default:
        break;
    }
    const std::string dotted = resolve_reference(table_, context.module, expression);
    result.note(at + ": " + (dotted.empty() ? std::string("a URL pattern list") : dotted) +
                    ", not a literal list of the project, is not followed",
                !is_debug_only(dotted));
    return result;
  }

  // A Name/Attribute that is a list, a router's urls or a module's urlpatterns elsewhere.
  std::optional<Patterns> referenced_list(const Node& expression, Context& context) {
    if (expression.kind == Kind::Attribute && expression.get("attr").text == "urls") {
      if (const DrfRouter* router = find_router(expression.get("value").node, context)) {
        return router_patterns(*router, table_);
      }
    }
    const std::string dotted = resolve_reference(table_, context.module, &expression);
    if (dotted.empty()) return std::nullopt;
    std::string variable;
    if (const ModuleState* state = owner_state(dotted, variable)) {
      if (const auto list = state->lists.find(variable); list != state->lists.end()) {
        return list->second;
      }
    }
    return std::nullopt;
  }

  const DrfRouter* find_router(const Node* expression, Context& context) {
    if (!expression) return nullptr;
    if (expression->kind == Kind::Name) {
      const auto router = context.state.routers.find(expression->get("id").text);
      if (router != context.state.routers.end()) return &router->second;
    }
    const std::string dotted = resolve_reference(table_, context.module, expression);
    std::string variable;
    if (const ModuleState* state = owner_state(dotted, variable)) {
      if (const auto router = state->routers.find(variable); router != state->routers.end()) {
        return &router->second;
      }
    }
    return nullptr;
  }

  // One element of a pattern list: path(...), re_path(...), url(...).
  Patterns entry(const Node& element, Context& context) {
    Patterns result;
    const std::string at = where(context.module, element);
    if (element.kind != Kind::Call) {
      // A variable holding one pattern, or something else: followed only when it is a list.
      if (std::optional<Patterns> found = referenced_list(element, context)) return *found;
      result.note(at + ": a URL pattern that is not a path()/re_path() call is not followed");
      return result;
    }
    const std::string callee = callee_name(table_, context.module, &element);
    const PatternFunction function = pattern_function(callee);
    if (function == PatternFunction::None) {
      result.note(at + ": " + (callee.empty() ? std::string("a call") : callee + "()") +
                  " in a URL pattern list is not followed");
      return result;
    }
    if (function == PatternFunction::Url && version_ >= DjangoVersion{4, 0}) {
      result.note(at + ": django.conf.urls.url() was removed in Django 4.0", false);
    }
    const auto arguments = positional_arguments(element);
    const Node* route_node = !arguments.empty() ? arguments[0] : keyword_argument(element, "route");
    if (!route_node && function != PatternFunction::Path) {
      route_node = keyword_argument(element, "regex");
    }
    const Node* view_node = arguments.size() > 1 ? arguments[1] : keyword_argument(element, "view");
    const Node* name_node = arguments.size() > 3 ? arguments[3] : keyword_argument(element, "name");
    const std::optional<std::string_view> route_text = string_value(route_node);
    if (!route_text || !view_node) {
      result.note(at + ": a URL pattern whose route is not a literal string is not followed");
      return result;
    }
    const PatternPart part{std::string(*route_text), function != PatternFunction::Path};
    const Span span = span_of(context.module, element);

    // The view is an include(), an admin site or a router's urls: a nested URLconf.
    if (view_node->kind == Kind::Call &&
        is_include(callee_name(table_, context.module, view_node))) {
      result = include(*view_node, context);
      for (PendingRoute& route : result.routes) {
        route.parts.insert(route.parts.begin(), part);
        route.include_chain.insert(route.include_chain.begin(), span);
      }
      return result;
    }
    if (view_node->kind == Kind::Attribute && view_node->get("attr").text == "urls") {
      if (is_admin_site(*view_node, context)) {
        PendingRoute admin;
        admin.parts.push_back(part);
        admin.view = "django.contrib.admin";
        admin.span = span;
        admin.opaque = true;
        result.routes.push_back(std::move(admin));
        return result;
      }
      if (std::optional<Patterns> nested = referenced_list(*view_node, context)) {
        for (PendingRoute& route : nested->routes) {
          route.parts.insert(route.parts.begin(), part);
          route.include_chain.insert(route.include_chain.begin(), span);
        }
        return *nested;
      }
    }
    PendingRoute route;
    route.parts.push_back(part);
    route.span = span;
    if (const auto name = string_value(name_node)) route.name = std::string(*name);
    view(view_node, context, route, 0);
    result.routes.push_back(std::move(route));
    return result;
  }

  bool is_admin_site(const Node& urls_attribute, Context& context) const {
    const std::string dotted =
        resolve_reference(table_, context.module, urls_attribute.get("value").node);
    if (dotted == "django.contrib.admin.site" || dotted == "django.contrib.admin.sites.site") {
      return true;
    }
    // A project AdminSite instance: `site = MyAdminSite(name="ops")`.
    if (const std::optional<Definition> definition = find_definition(table_, dotted)) {
      const Node* value = definition->node;
      if (value->kind == Kind::Call) {
        const std::string callee = callee_name(table_, *definition->module, value);
        if (callee.ends_with("AdminSite")) return true;
        if (const auto cls = find_definition(table_, callee);
            cls && cls->node->kind == Kind::ClassDef) {
          for (const Node* base : list_field(*cls->node, "bases")) {
            if (resolve_reference(table_, *cls->module, base).ends_with("AdminSite")) return true;
          }
        }
      }
    }
    return false;
  }

  // The view of a leaf: a function, `Class.as_view(...)`, wrappers around either.
  void view(const Node* node, Context& context, PendingRoute& route, int depth) {
    if (!node || depth > 16) return;
    if (node->kind == Kind::Lambda) {
      route.view = context.module.name + ".<lambda>";
      return;
    }
    if (node->kind == Kind::Call) {
      const Node* function = node->get("func").node;
      if (function && function->kind == Kind::Attribute &&
          function->get("attr").text == "as_view") {
        route.view = resolve_reference(table_, context.module, function->get("value").node);
        route.is_class = true;
        return;
      }
      const auto arguments = positional_arguments(*node);
      if (arguments.empty()) return;
      const std::string wrapper = callee_name(table_, context.module, node);
      route.url_wrappers.push_back(wrapper.empty() ? "?" : wrapper);
      view(arguments[0], context, route, depth + 1);
      return;
    }
    route.view = resolve_reference(table_, context.module, node);
    // `health = HealthView.as_view()` in views.py: the callable is the class's view.
    if (const std::optional<Definition> definition = find_definition(table_, route.view);
        definition && definition->node->kind == Kind::Call) {
      ModuleState unused;  // only names are resolved there
      Context there{*definition->module, unused, false};
      view(definition->node, there, route, depth + 1);
    }
  }

  // include(arg, namespace=None): the included routes with their namespace applied.
  Patterns include(const Node& call, Context& context) {
    Patterns result;
    const std::string at = where(context.module, call);
    const auto arguments = positional_arguments(call);
    const Node* argument = !arguments.empty() ? arguments[0] : keyword_argument(call, "arg");
    const Node* namespace_node =
        arguments.size() > 1 ? arguments[1] : keyword_argument(call, "namespace");
    std::optional<std::string> namespace_name;
    if (const auto text = string_value(namespace_node)) namespace_name = std::string(*text);
    if (namespace_node && !namespace_name) {
      result.note(at + ": include() with a computed namespace");
    }
    if (!argument) return result;

    std::optional<std::string> app_name;
    if (++depth_ > kMaxIncludeDepth) {
      --depth_;
      result.note(at + ": include() nested too deeply (a cycle?)");
      return result;
    }
    if (const auto module_name = string_value(argument)) {
      result.append(module_patterns(std::string(*module_name), call, context, app_name));
    } else if (argument->kind == Kind::Tuple && elements(argument).size() == 2) {
      // include((patterns, "app_name"), namespace=...); the first item may name a module, whose
      // own app_name then wins (django.urls.conf.include).
      const Node* first = elements(argument)[0];
      std::optional<std::string> module_app_name;
      if (const auto tuple_module = string_value(first)) {
        result.append(module_patterns(std::string(*tuple_module), call, context, module_app_name));
      } else {
        result.append(patterns(first, context));
      }
      if (module_app_name) {
        app_name = module_app_name;
      } else if (const auto text = string_value(elements(argument)[1])) {
        app_name = std::string(*text);
      } else {
        result.note(at + ": include() with a computed app_name");
      }
    } else if (argument->kind == Kind::Name || argument->kind == Kind::Attribute) {
      const std::string dotted = resolve_reference(table_, context.module, argument);
      const bool local_list =
          argument->kind == Kind::Name && context.state.lists.count(argument->get("id").text) != 0;
      if (!local_list && table_.find(dotted)) {
        result.append(module_patterns(dotted, call, context, app_name));  // include(app.urls)
      } else if (argument->kind == Kind::Attribute && argument->get("attr").text == "urls" &&
                 is_admin_site(*argument, context)) {
        PendingRoute admin;
        admin.parts.push_back(PatternPart{"", false});
        admin.view = "django.contrib.admin";
        admin.span = span_of(context.module, call);
        admin.opaque = true;
        result.routes.push_back(std::move(admin));
      } else {
        result.append(patterns(argument, context));
      }
    } else {
      result.append(patterns(argument, context));
    }
    --depth_;

    if (namespace_name && !app_name) {
      result.note(at +
                  ": include() with a namespace but no app_name: Django raises "
                  "ImproperlyConfigured");
    }
    const std::optional<std::string>& applied = namespace_name ? namespace_name : app_name;
    for (PendingRoute& route : result.routes) {
      if (applied && !applied->empty()) route.namespaces.insert(route.namespaces.begin(), *applied);
    }
    return result;
  }

  // include("app.urls"): the module's urlpatterns and app_name.
  Patterns module_patterns(const std::string& name, const Node& call, Context& context,
                           std::optional<std::string>& app_name) {
    Patterns result;
    const std::string at = where(context.module, call);
    const ModuleTable::Module* module = table_.find(name);
    if (!module) {
      if (std::optional<LibraryUrlConf> library =
              library_urlconf(name, span_of(context.module, call))) {
        if (!library->app_name.empty()) app_name = library->app_name;
        return std::move(library->patterns);
      }
      result.note(at + ": include of " + name + ", a module not in the project, not followed",
                  !is_debug_only(name));
      return result;
    }
    const ModuleState& state = evaluate(*module);
    if (state.in_progress) {
      result.note(at + ": include of " + name + " while it is being imported (a cycle)");
      return result;
    }
    app_name = state.app_name;
    const auto list = state.lists.find("urlpatterns");
    if (list == state.lists.end()) {
      result.note(at + ": " + name + " has no urlpatterns list that could be read");
      return result;
    }
    return list->second;
  }

  // --- finishing ---

  // The route as reported, and its sample paths (choose_examples picks among them).
  Route finish(const PendingRoute& pending, RouteSamples& samples) const {
    Route route;
    std::string regex;
    bool regex_known = true;
    for (std::size_t i = 0; i < pending.parts.size(); ++i) {
      const PatternPart& part = pending.parts[i];
      const bool leaf = i + 1 == pending.parts.size() && !pending.opaque;
      route.route += part.text;
      const std::optional<std::string> level_regex =
          part.is_regex ? std::optional<std::string>(part.text)
                        : route_to_regex(part.text, leaf, version_, converters_);
      if (level_regex) {
        regex += i == 0 ? std::string_view(*level_regex) : without_caret(*level_regex);
      } else {
        regex_known = false;
      }
    }
    if (regex_known) route.regex = std::move(regex);
    for (int variant = 0; variant < kSampleVariants && !pending.opaque; ++variant) {
      std::string example = "/";
      bool known = true;
      for (const PatternPart& part : pending.parts) {
        const std::optional<std::string> level =
            part.is_regex ? regex_example(part.text, variant)
                          : route_example(part.text, converters_, variant);
        if (!level) {
          known = false;
          break;
        }
        example += *level;
      }
      if (known) samples[static_cast<std::size_t>(variant)] = std::move(example);
    }
    route.view = pending.view;
    if (!pending.name.empty()) {
      for (const std::string& space : pending.namespaces) route.name += space + ":";
      route.name += pending.name;
    }
    route.span = pending.span;
    route.include_chain = pending.include_chain;
    route.conditional = pending.conditional;
    route.opaque = pending.opaque;
    if (!pending.opaque) {
      route.facts = view_facts(table_, pending.view, pending.is_class, pending.url_wrappers);
    }
    return route;
  }
};

}  // namespace

UrlConf resolve_urls(const ModuleTable& table, std::string_view root_urlconf,
                     DjangoVersion version) {
  Resolver resolver(table, version);
  return resolver.run(root_urlconf);
}

UrlConf resolve_urls(std::span<const ModuleSource> sources, std::string_view root_urlconf,
                     DjangoVersion version) {
  const ModuleTable table(sources);
  return resolve_urls(table, root_urlconf, version);
}

}  // namespace preflight::django::urls
