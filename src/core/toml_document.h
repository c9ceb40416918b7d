// A parsed TOML document as plain data with source positions. toml++ is a heavy header, so only
// toml_document.cpp includes it (DESIGN.md toolchain facts); everything else reads this tree.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace preflight {

// 1-based line and column as toml++ reports them; 0 when unknown (an implicitly created table).
struct TomlPosition {
  std::uint32_t line = 0;
  std::uint32_t column = 0;
};

enum class TomlType { Table, Array, String, Integer, Float, Boolean, Date, Time, DateTime };

// "table", "array", "string", "integer", "float", "boolean", "date", "time", "date-time".
std::string_view to_string(TomlType type);

struct TomlMember;

struct TomlValue {
  TomlType type = TomlType::Table;
  TomlPosition position;
  std::string string;  // String
  std::int64_t integer = 0;
  double floating = 0;
  bool boolean = false;
  std::vector<TomlValue> items;     // Array
  std::vector<TomlMember> members;  // Table, in source order of their keys

  bool is_table() const { return type == TomlType::Table; }
  // The member named `key` of a table, or null.
  const TomlValue* find(std::string_view key) const;
};

struct TomlMember {
  std::string key;
  TomlPosition position;  // of the key
  TomlValue value;
};

class TomlSyntaxError : public std::runtime_error {
 public:
  TomlSyntaxError(TomlPosition position, const std::string& description)
      : std::runtime_error(description), position_(position) {}
  TomlPosition position() const { return position_; }

 private:
  TomlPosition position_;
};

// Parses a whole document into its root table. Throws TomlSyntaxError.
TomlValue parse_toml(std::string_view text);

}  // namespace preflight
