#include "django/middleware.h"

#include "django/python_values.h"

namespace preflight::django::middleware {
namespace {

using python::Kind;
using python::Node;

struct Scan {
  const ModuleSource& source;
  std::string_view request;  // the name of the request parameter
  ProjectMiddleware& out;
  bool stop = false;  // `self.get_response(...)` met: the rest runs after the inner stack
};

bool is_self_get_response(const Node& call) {
  const Node* function = call.get("func").node;
  return function && function->kind == Kind::Attribute &&
         function->get("attr").text == "get_response" &&
         name_id(function->get("value").node) == "self";
}

void record(std::optional<Span>& slot, const Scan& scan, const Node& node) {
  if (!slot) slot = node_span(*scan.source.source, scan.source.file, node);
}

void scan_node(const Node& node, Scan& scan) {
  if (scan.stop) return;
  if (node.kind == Kind::Call && is_self_get_response(node)) {
    // Arguments are evaluated before the call; nothing after it counts.
    for (const Node* argument : list_field(node, "args")) {
      if (argument) scan_node(*argument, scan);
    }
    scan.stop = true;
    return;
  }
  if (node.kind == Kind::Attribute && name_id(node.get("value").node) == scan.request) {
    const std::string_view attribute = node.get("attr").text;
    if (attribute == "user") record(scan.out.reads_user, scan, node);
    if (attribute == "session") record(scan.out.reads_session, scan, node);
  }
  if (node.kind == Kind::Call) {
    const Node* function = node.get("func").node;
    if (function && function->kind == Kind::Attribute &&
        (function->get("attr").text == "get_host" ||
         function->get("attr").text == "build_absolute_uri") &&
        name_id(function->get("value").node) == scan.request && !scan.out.rejects) {
      record(scan.out.rejects, scan, node);
      scan.out.rejects_how = "calls request." + std::string(function->get("attr").text) +
                             "(), which raises DisallowedHost for a Host ALLOWED_HOSTS rejects";
    }
  }
  if (node.kind == Kind::Raise && !scan.out.rejects) {
    const Node* exception = node.get("exc").node;
    if (exception && exception->kind == Kind::Call) exception = exception->get("func").node;
    std::string_view name = name_id(exception);
    if (exception && exception->kind == Kind::Attribute) name = exception->get("attr").text;
    for (const std::string_view rejecting :
         {"PermissionDenied", "SuspiciousOperation", "DisallowedHost", "BadRequest", "Http404"}) {
      if (name == rejecting) {
        record(scan.out.rejects, scan, node);
        scan.out.rejects_how = "raises " + std::string(name);
      }
    }
  }
  python::for_each_child(node, [&](const Node& child) { scan_node(child, scan); });
}

// The name of a method's request parameter (the first after `self`).
std::string_view request_parameter(const Node& function) {
  const Node* arguments = function.get("args").node;
  if (!arguments) return {};
  const auto positional = list_field(*arguments, "args");
  if (positional.size() < 2 || !positional[1]) return {};
  return positional[1]->get("arg").text;
}

}  // namespace

std::optional<std::size_t> position(const std::vector<std::string>& stack, std::string_view name) {
  for (std::size_t i = 0; i < stack.size(); ++i) {
    if (stack[i] == name) return i;
  }
  return std::nullopt;
}

ProjectMiddleware analyse_project_middleware(const ModuleTable& table, std::string_view dotted) {
  ProjectMiddleware out;
  const std::size_t dot = dotted.rfind('.');
  if (dot == std::string_view::npos) return out;
  const ModuleTable::Module* module = table.find(dotted.substr(0, dot));
  if (!module || !module->source || !module->source->source) return out;
  const auto it = module->classes.find(dotted.substr(dot + 1));
  if (it == module->classes.end()) return out;
  const Node& class_def = *it->second;
  out.found = true;
  out.span = node_span(*module->source->source, module->source->file, class_def);
  for (const Node* statement : list_field(class_def, "body")) {
    if (!statement || statement->kind != Kind::FunctionDef) continue;
    const std::string_view name = statement->get("name").text;
    if (name != "__call__" && name != "process_request" && name != "process_view") continue;
    Scan scan{*module->source, request_parameter(*statement), out};
    if (scan.request.empty()) continue;
    for (const Node* body_statement : list_field(*statement, "body")) {
      if (body_statement) scan_node(*body_statement, scan);
    }
  }
  return out;
}

}  // namespace preflight::django::middleware
