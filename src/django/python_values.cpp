#include "django/python_values.h"

namespace preflight::django {

using python::Kind;
using python::Node;
using python::Value;

std::optional<std::string_view> string_value(const Node* node) {
  if (!node || node->kind != Kind::Constant) return std::nullopt;
  const Value& value = node->get("value");
  if (value.type != Value::Type::Constant || value.constant->type != python::Constant::Type::Str) {
    return std::nullopt;
  }
  return value.constant->text;
}

std::optional<bool> bool_value(const Node* node) {
  if (!node || node->kind != Kind::Constant) return std::nullopt;
  const Value& value = node->get("value");
  if (value.type != Value::Type::Constant) return std::nullopt;
  if (value.constant->type == python::Constant::Type::True) return true;
  if (value.constant->type == python::Constant::Type::False) return false;
  return std::nullopt;
}

bool is_sequence(const Node* node) {
  return node && (node->kind == Kind::List || node->kind == Kind::Tuple);
}

std::span<Node* const> elements(const Node* node) {
  if (!is_sequence(node)) return {};
  const Value& value = node->get("elts");
  if (value.type != Value::Type::List) return {};
  return value.list;
}

std::optional<std::vector<std::string>> string_list(const Node* node) {
  if (!is_sequence(node)) return std::nullopt;
  std::vector<std::string> result;
  for (const Node* element : elements(node)) {
    const std::optional<std::string_view> text = string_value(element);
    if (!text) return std::nullopt;
    result.emplace_back(*text);
  }
  return result;
}

const Node* keyword_argument(const Node& call, std::string_view name) {
  if (call.kind != Kind::Call) return nullptr;
  const Value& keywords = call.get("keywords");
  if (keywords.type != Value::Type::List) return nullptr;
  for (const Node* keyword : keywords.list) {
    if (keyword && keyword->get("arg").text == name) return keyword->get("value").node;
  }
  return nullptr;
}

std::span<Node* const> positional_arguments(const Node& call) {
  if (call.kind != Kind::Call) return {};
  const Value& args = call.get("args");
  if (args.type != Value::Type::List) return {};
  return args.list;
}

std::span<Node* const> list_field(const Node& node, std::string_view field) {
  const Value& value = node.get(field);
  if (value.type != Value::Type::List) return {};
  return value.list;
}

std::string_view name_id(const Node* node) {
  if (!node || node->kind != Kind::Name) return {};
  return node->get("id").text;
}

Span node_span(const SourceFile& file, FileId id, const Node& node) {
  const python::Location& at = node.location;
  if (at.lineno <= 0) return file.span(id, 0, 0);
  const auto line = static_cast<std::uint32_t>(at.lineno);
  const auto end_line = static_cast<std::uint32_t>(std::max(at.end_lineno, at.lineno));
  const std::uint32_t begin =
      file.offset_at(Position{line, 1}) + static_cast<std::uint32_t>(std::max(at.col_offset, 0));
  std::uint32_t end = file.offset_at(Position{end_line, 1}) +
                      static_cast<std::uint32_t>(std::max(at.end_col_offset, 0));
  if (end < begin) end = begin;
  const auto size = static_cast<std::uint32_t>(file.text().size());
  return file.span(id, std::min(begin, size), std::min(end, size));
}

}  // namespace preflight::django
