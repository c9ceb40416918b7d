#include "core/toml_document.h"

#include <algorithm>
#include <tuple>

// The one file of the project that includes toml++ (see the header).
#include <toml++/toml.h>

namespace preflight {
namespace {

TomlPosition position_of(const toml::source_region& region) {
  return TomlPosition{region.begin.line, region.begin.column};
}

TomlValue convert(const toml::node& node) {
  TomlValue value;
  value.position = position_of(node.source());
  switch (node.type()) {
    case toml::node_type::table: {
      value.type = TomlType::Table;
      for (auto&& [key, child] : *node.as_table()) {
        value.members.push_back(
            TomlMember{std::string(key.str()), position_of(key.source()), convert(child)});
      }
      // toml++ keeps tables sorted by key; errors are easier to follow in the file's order.
      std::stable_sort(value.members.begin(), value.members.end(),
                       [](const TomlMember& a, const TomlMember& b) {
                         return std::tie(a.position.line, a.position.column) <
                                std::tie(b.position.line, b.position.column);
                       });
      break;
    }
    case toml::node_type::array:
      value.type = TomlType::Array;
      for (const toml::node& item : *node.as_array()) value.items.push_back(convert(item));
      break;
    case toml::node_type::string:
      value.type = TomlType::String;
      value.string = node.as_string()->get();
      break;
    case toml::node_type::integer:
      value.type = TomlType::Integer;
      value.integer = node.as_integer()->get();
      break;
    case toml::node_type::floating_point:
      value.type = TomlType::Float;
      value.floating = node.as_floating_point()->get();
      break;
    case toml::node_type::boolean:
      value.type = TomlType::Boolean;
      value.boolean = node.as_boolean()->get();
      break;
    case toml::node_type::date:
      value.type = TomlType::Date;
      break;
    case toml::node_type::time:
      value.type = TomlType::Time;
      break;
    case toml::node_type::date_time:
      value.type = TomlType::DateTime;
      break;
    case toml::node_type::none:
      break;
  }
  return value;
}

}  // namespace

std::string_view to_string(TomlType type) {
  switch (type) {
    case TomlType::Table:
      return "table";
    case TomlType::Array:
      return "array";
    case TomlType::String:
      return "string";
    case TomlType::Integer:
      return "integer";
    case TomlType::Float:
      return "float";
    case TomlType::Boolean:
      return "boolean";
    case TomlType::Date:
      return "date";
    case TomlType::Time:
      return "time";
    case TomlType::DateTime:
      return "date-time";
  }
  return "value";
}

const TomlValue* TomlValue::find(std::string_view key) const {
  for (const TomlMember& member : members) {
    if (member.key == key) return &member.value;
  }
  return nullptr;
}

TomlValue parse_toml(std::string_view text) {
  try {
    const toml::table root = toml::parse(text);
    return convert(root);
  } catch (const toml::parse_error& error) {
    throw TomlSyntaxError(position_of(error.source()), std::string(error.description()));
  }
}

}  // namespace preflight
