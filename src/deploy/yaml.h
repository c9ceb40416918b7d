// A YAML document as plain data with byte offsets, so that nothing above this file includes
// yaml-cpp (a heavy header; DESIGN.md toolchain facts). yaml-cpp 0.7 records where each node
// starts only; where a scalar ends is computed from the text.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace preflight::deploy {

struct YamlEntry;

struct YamlNode {
  enum class Kind : std::uint8_t { Null, Scalar, Sequence, Map };
  Kind kind = Kind::Null;
  std::string scalar;           // Scalar: the value as YAML reads it (quotes and escapes resolved)
  bool block_scalar = false;    // Scalar written as `|` or `>`
  std::uint32_t begin = 0;      // byte offset where the node starts in the text
  std::uint32_t end = 0;        // Scalar: where it ends on its line (block scalars: the indicator)
  std::vector<YamlNode> items;  // Sequence
  std::vector<YamlEntry> entries;  // Map, in document order

  bool is_scalar() const { return kind == Kind::Scalar; }
  bool is_map() const { return kind == Kind::Map; }
  bool is_sequence() const { return kind == Kind::Sequence; }
  // The value of a map key; null when absent or not a map.
  const YamlNode* get(std::string_view key) const;
};

// A map item (a named struct: YamlNode is incomplete inside itself).
struct YamlEntry {
  YamlNode key;
  YamlNode value;
};

struct YamlParse {
  std::optional<YamlNode> root;  // absent when the text does not parse
  std::string error;             // yaml-cpp's message
  std::uint32_t error_offset = 0;
};

// The file offset of each byte of a scalar's value, and one past its end (see align_offsets in
// facts.h): block scalars lose their indentation, quoted ones their quotes and escapes.
std::vector<std::uint32_t> scalar_offsets(std::string_view text, const YamlNode& node);

// Parses the first document of `text`.
YamlParse parse_yaml(std::string_view text);

// Every document of a `---`-separated stream (Kubernetes manifests); parsing stops at the first
// error, which the last element carries.
std::vector<YamlParse> parse_yaml_documents(std::string_view text);

}  // namespace preflight::deploy
