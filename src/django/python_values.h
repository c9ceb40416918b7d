// Reading literal values out of the syntax tree, the way Django reads them at import time, but
// only where the source states them literally: `unique=True`, `fields=["a", "-b"]`. Anything
// computed (a variable, a call) is "unknown", never guessed.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/source.h"
#include "python/ast.h"

namespace preflight::django {

// The string of a str Constant; nullopt for anything else.
std::optional<std::string_view> string_value(const python::Node* node);
// True/False of a bool Constant; nullopt for anything else.
std::optional<bool> bool_value(const python::Node* node);
// The elements of a List or Tuple node; empty for anything else.
std::span<python::Node* const> elements(const python::Node* node);
bool is_sequence(const python::Node* node);
// A list or tuple of strings; nullopt when any element is not a literal string.
std::optional<std::vector<std::string>> string_list(const python::Node* node);

// The keyword argument `name=` of a Call; null when absent.
const python::Node* keyword_argument(const python::Node& call, std::string_view name);
// The positional arguments of a Call.
std::span<python::Node* const> positional_arguments(const python::Node& call);
// A list field of a node (`body`, `targets`...); empty when the field is absent or not a list.
std::span<python::Node* const> list_field(const python::Node& node, std::string_view field);
// The identifier of a Name node, or "" for anything else.
std::string_view name_id(const python::Node* node);

// The span of a node's location in `file`.
Span node_span(const SourceFile& file, FileId id, const python::Node& node);

}  // namespace preflight::django
