#include "django/urls/libraries.h"

#include <algorithm>
#include <array>
#include <map>
#include <set>

#include "core/ascii.h"
#include "django/python_values.h"

namespace preflight::django::urls {

using python::Kind;
using python::Node;

namespace {

struct LibraryRoute {
  std::string_view route;
  std::string_view view;
  std::string_view name;
};

// django.contrib.auth.urls (Django 3.2 to 5.x).
constexpr std::array<LibraryRoute, 8> kAuthUrls = {{
    {"login/", "django.contrib.auth.views.LoginView", "login"},
    {"logout/", "django.contrib.auth.views.LogoutView", "logout"},
    {"password_change/", "django.contrib.auth.views.PasswordChangeView", "password_change"},
    {"password_change/done/", "django.contrib.auth.views.PasswordChangeDoneView",
     "password_change_done"},
    {"password_reset/", "django.contrib.auth.views.PasswordResetView", "password_reset"},
    {"password_reset/done/", "django.contrib.auth.views.PasswordResetDoneView",
     "password_reset_done"},
    {"reset/<uidb64>/<token>/", "django.contrib.auth.views.PasswordResetConfirmView",
     "password_reset_confirm"},
    {"reset/done/", "django.contrib.auth.views.PasswordResetCompleteView",
     "password_reset_complete"},
}};

// rest_framework.urls: the browsable API's login and logout.
constexpr std::array<LibraryRoute, 2> kRestFrameworkUrls = {{
    {"login/", "django.contrib.auth.views.LoginView", "login"},
    {"logout/", "django.contrib.auth.views.LogoutView", "logout"},
}};

// health_check.urls of django-health-check 3.17 (Debian 12). 3.18 adds "<str:subset>/" after it.
constexpr std::array<LibraryRoute, 1> kHealthCheckUrls = {{
    {"", "health_check.views.MainView", "health_check_home"},
}};

template <std::size_t N>
Patterns library_patterns(const std::array<LibraryRoute, N>& routes, const Span& span) {
  Patterns patterns;
  for (const LibraryRoute& route : routes) {
    PendingRoute pending;
    pending.parts.push_back(PatternPart{std::string(route.route), false});
    pending.view = std::string(route.view);
    pending.is_class = true;
    pending.name = std::string(route.name);
    pending.span = span;
    patterns.routes.push_back(std::move(pending));
  }
  return patterns;
}

// --- DRF routers ---

struct ExtraAction {
  bool detail = false;
  std::string url_path;
  std::string url_name;
};

// What SimpleRouter.get_urls() reads off a viewset class.
struct ViewsetShape {
  std::set<std::string> methods;               // list, create, retrieve, ...
  std::map<std::string, ExtraAction> actions;  // by method name: getmembers() sorts by name
  std::optional<std::string> lookup_field;
  std::optional<std::string> lookup_url_kwarg;
  std::optional<std::string> lookup_value_regex;
  std::optional<std::string> queryset_model;
  std::vector<std::string> unknown_bases;
};

struct KnownViewset {
  std::string_view name;
  std::string_view methods;  // space-separated
};

constexpr std::array<KnownViewset, 12> kKnownViewsets = {{
    {"rest_framework.viewsets.ModelViewSet", "list create retrieve update partial_update destroy"},
    {"rest_framework.viewsets.ReadOnlyModelViewSet", "list retrieve"},
    {"rest_framework.viewsets.GenericViewSet", ""},
    {"rest_framework.viewsets.ViewSet", ""},
    {"rest_framework.viewsets.ViewSetMixin", ""},
    {"rest_framework.mixins.ListModelMixin", "list"},
    {"rest_framework.mixins.CreateModelMixin", "create"},
    {"rest_framework.mixins.RetrieveModelMixin", "retrieve"},
    {"rest_framework.mixins.UpdateModelMixin", "update partial_update"},
    {"rest_framework.mixins.DestroyModelMixin", "destroy"},
    {"rest_framework.generics.GenericAPIView", ""},
    {"builtins.object", ""},
}};

// `Invoice.objects.all()` / `Invoice.objects.filter(...)`: the model's class name.
std::optional<std::string> queryset_model(const Node* value) {
  while (value) {
    if (value->kind == Kind::Call) {
      value = value->get("func").node;
    } else if (value->kind == Kind::Attribute) {
      const Node* owner = value->get("value").node;
      if (value->get("attr").text == "objects") {
        const Node* model = owner;
        if (model && model->kind == Kind::Attribute) return std::string(model->get("attr").text);
        if (model && model->kind == Kind::Name) return std::string(model->get("id").text);
        return std::nullopt;
      }
      value = owner;
    } else {
      return std::nullopt;
    }
  }
  return std::nullopt;
}

void set_once(std::optional<std::string>& slot, const Node* value) {
  if (slot) return;
  if (const std::optional<std::string_view> text = string_value(value)) slot = std::string(*text);
}

// Own attributes first, then the bases' (the MRO's order for single inheritance).
void collect_viewset(const ModuleTable& table, const std::string& dotted, ViewsetShape& shape,
                     int depth) {
  for (const KnownViewset& known : kKnownViewsets) {
    if (known.name != dotted) continue;
    std::string_view methods = known.methods;
    while (!methods.empty()) {
      const std::size_t space = methods.find(' ');
      shape.methods.emplace(methods.substr(0, space));
      if (space == std::string_view::npos) break;
      methods.remove_prefix(space + 1);
    }
    return;
  }
  const std::optional<Definition> definition = find_definition(table, dotted);
  if (depth > 16 || !definition || definition->node->kind != Kind::ClassDef) {
    shape.unknown_bases.push_back(dotted);
    return;
  }
  const ModuleTable::Module& module = *definition->module;
  for (const Node* statement : list_field(*definition->node, "body")) {
    if (statement->kind == Kind::FunctionDef || statement->kind == Kind::AsyncFunctionDef) {
      const std::string name(statement->get("name").text);
      shape.methods.insert(name);
      for (const Node* decorator : list_field(*statement, "decorator_list")) {
        if (decorator->kind != Kind::Call ||
            callee_name(table, module, decorator) != "rest_framework.decorators.action") {
          continue;
        }
        if (shape.actions.count(name)) continue;
        ExtraAction action;
        action.detail = bool_value(keyword_argument(*decorator, "detail")).value_or(false);
        action.url_path =
            std::string(string_value(keyword_argument(*decorator, "url_path")).value_or(name));
        std::string dashed = name;
        std::replace(dashed.begin(), dashed.end(), '_', '-');
        action.url_name =
            std::string(string_value(keyword_argument(*decorator, "url_name")).value_or(dashed));
        shape.actions.emplace(name, std::move(action));
      }
    } else if (statement->kind == Kind::Assign) {
      const Node* value = statement->get("value").node;
      for (const Node* target : list_field(*statement, "targets")) {
        const std::string_view name = name_id(target);
        if (name == "lookup_field") set_once(shape.lookup_field, value);
        if (name == "lookup_url_kwarg") set_once(shape.lookup_url_kwarg, value);
        if (name == "lookup_value_regex") set_once(shape.lookup_value_regex, value);
        if (name == "queryset" && !shape.queryset_model)
          shape.queryset_model = queryset_model(value);
      }
    }
  }
  for (const Node* base : list_field(*definition->node, "bases")) {
    const std::string base_name = resolve_reference(table, module, base);
    if (base_name.empty()) {
      shape.unknown_bases.emplace_back("?");
      continue;
    }
    collect_viewset(table, base_name, shape, depth + 1);
  }
}

PendingRoute router_route(std::string regex, const std::string& view, std::string name,
                          const RouterRegistration& registration) {
  PendingRoute route;
  route.parts.push_back(PatternPart{std::move(regex), true});
  route.view = view;
  route.is_class = true;
  route.name = std::move(name);
  route.span = registration.span;
  route.conditional = registration.conditional;
  return route;
}

// Python's str.rstrip(chars) for one character.
std::string rstrip(std::string text, char c) {
  while (!text.empty() && text.back() == c) text.pop_back();
  return text;
}

}  // namespace

std::optional<LibraryUrlConf> library_urlconf(std::string_view module, const Span& include_span) {
  if (module == "django.contrib.auth.urls") {
    return LibraryUrlConf{"", library_patterns(kAuthUrls, include_span)};
  }
  if (module == "rest_framework.urls") {
    return LibraryUrlConf{"rest_framework", library_patterns(kRestFrameworkUrls, include_span)};
  }
  if (module == "health_check.urls") {
    return LibraryUrlConf{"health_check", library_patterns(kHealthCheckUrls, include_span)};
  }
  return std::nullopt;
}

bool is_drf_router_class(std::string_view dotted, bool& default_router) {
  if (dotted == "rest_framework.routers.DefaultRouter") {
    default_router = true;
    return true;
  }
  if (dotted == "rest_framework.routers.SimpleRouter") {
    default_router = false;
    return true;
  }
  return false;
}

Patterns router_patterns(const DrfRouter& router, const ModuleTable& table) {
  Patterns patterns;
  for (const std::string& note : router.notes) patterns.note(note);
  const std::string trailing = router.trailing_slash ? "/" : "";
  for (const RouterRegistration& registration : router.registrations) {
    ViewsetShape shape;
    collect_viewset(table, registration.viewset, shape, 0);
    if (!shape.unknown_bases.empty()) {
      // A third-party viewset: most are model viewsets, so list and detail routes are assumed.
      patterns.note(registration.where + ": viewset " + registration.viewset +
                    " derives from a class not known here (" + shape.unknown_bases.front() +
                    "); list and detail routes assumed");
      shape.methods.insert("list");
      shape.methods.insert("retrieve");
    }
    std::string basename;
    if (registration.basename) {
      basename = *registration.basename;
    } else if (shape.queryset_model) {
      basename = ascii_lower(*shape.queryset_model);
    } else {
      patterns.note(registration.where + ": no basename and no literal queryset for " +
                    registration.viewset + "; its routes are skipped");
      continue;
    }
    const std::string lookup_field = shape.lookup_field.value_or("pk");
    const std::string lookup = "(?P<" + shape.lookup_url_kwarg.value_or(lookup_field) + ">" +
                               shape.lookup_value_regex.value_or("[^/.]+") + ")";
    const auto has_any = [&](std::initializer_list<std::string_view> names) {
      for (const std::string_view name : names) {
        if (shape.methods.count(std::string(name))) return true;
      }
      return false;
    };
    const auto add = [&](std::string regex, std::string name) {
      // SimpleRouter.get_urls: an empty prefix must not leave "^/".
      if (registration.prefix.empty() && regex.starts_with("^/")) regex = "^" + regex.substr(2);
      patterns.routes.push_back(
          router_route(std::move(regex), registration.viewset, std::move(name), registration));
    };
    const std::string& prefix = registration.prefix;
    if (has_any({"list", "create"})) add("^" + prefix + trailing + "$", basename + "-list");
    for (const auto& [method, action] : shape.actions) {
      if (action.detail) continue;
      add("^" + prefix + "/" + action.url_path + trailing + "$", basename + "-" + action.url_name);
    }
    if (has_any({"retrieve", "update", "partial_update", "destroy"})) {
      add("^" + prefix + "/" + lookup + trailing + "$", basename + "-detail");
    }
    for (const auto& [method, action] : shape.actions) {
      if (!action.detail) continue;
      add("^" + prefix + "/" + lookup + "/" + action.url_path + trailing + "$",
          basename + "-" + action.url_name);
    }
  }
  if (!router.default_router) return patterns;

  PendingRoute root;
  root.parts.push_back(PatternPart{"^$", true});
  root.view = "rest_framework.routers.APIRootView";
  root.is_class = true;
  root.name = "api-root";
  if (!router.registrations.empty()) root.span = router.registrations.front().span;
  patterns.routes.push_back(std::move(root));
  // format_suffix_patterns: each route followed by its ".json"-style twin.
  std::vector<PendingRoute> with_suffixes;
  for (PendingRoute& route : patterns.routes) {
    PendingRoute twin = route;
    twin.parts.back().text =
        rstrip(rstrip(twin.parts.back().text, '$'), '/') + "\\.(?P<format>[a-z0-9]+)/?$";
    with_suffixes.push_back(std::move(route));
    with_suffixes.push_back(std::move(twin));
  }
  patterns.routes = std::move(with_suffixes);
  return patterns;
}

}  // namespace preflight::django::urls
