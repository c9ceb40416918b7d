// The only file that includes yaml-cpp.
#include "deploy/yaml.h"

#include "deploy/facts.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>

namespace preflight::deploy {
namespace {

std::uint32_t clamp_offset(int pos, std::string_view text) {
  if (pos < 0) return 0;
  return static_cast<std::uint32_t>(
      std::min<std::size_t>(static_cast<std::size_t>(pos), text.size()));
}

// Where a scalar that starts at `begin` ends: a quoted one at its closing quote, a plain one
// before a trailing comment or the end of the line, a flow one before `,`, `]` or `}`.
std::uint32_t scalar_end(std::string_view text, std::uint32_t begin) {
  if (begin >= text.size()) return begin;
  const char first = text[begin];
  if (first == '"' || first == '\'') {
    for (std::size_t i = begin + 1; i < text.size(); ++i) {
      if (text[i] == '\\' && first == '"') {
        ++i;
      } else if (text[i] == first) {
        if (first == '\'' && i + 1 < text.size() && text[i + 1] == '\'') {
          ++i;  // '' is an escaped quote
        } else {
          return static_cast<std::uint32_t>(i + 1);
        }
      } else if (text[i] == '\n' && first == '\'') {
        break;
      }
    }
  }
  std::size_t end = text.find('\n', begin);
  if (end == std::string_view::npos) end = text.size();
  for (std::size_t i = begin; i < end; ++i) {
    if (text[i] == '#' && i > begin && (text[i - 1] == ' ' || text[i - 1] == '\t')) {
      end = i;
      break;
    }
  }
  while (end > begin && (text[end - 1] == ' ' || text[end - 1] == '\t' || text[end - 1] == '\r')) {
    --end;
  }
  return static_cast<std::uint32_t>(end);
}

YamlNode convert(const YAML::Node& node, std::string_view text) {
  YamlNode out;
  out.begin = clamp_offset(node.Mark().pos, text);
  out.end = out.begin;
  switch (node.Type()) {
    case YAML::NodeType::Scalar: {
      out.kind = YamlNode::Kind::Scalar;
      out.scalar = node.Scalar();
      const char first = out.begin < text.size() ? text[out.begin] : '\0';
      out.block_scalar = first == '|' || first == '>';
      // A plain scalar written on one line is its own text; anything else is measured.
      const bool plain = !out.block_scalar && first != '"' && first != '\'';
      if (plain && !out.scalar.empty() && text.substr(out.begin).starts_with(out.scalar)) {
        out.end = out.begin + static_cast<std::uint32_t>(out.scalar.size());
      } else {
        out.end = scalar_end(text, out.begin);
      }
      break;
    }
    case YAML::NodeType::Sequence:
      out.kind = YamlNode::Kind::Sequence;
      for (const YAML::Node& item : node) out.items.push_back(convert(item, text));
      break;
    case YAML::NodeType::Map:
      out.kind = YamlNode::Kind::Map;
      for (const auto& item : node) {
        out.entries.push_back(YamlEntry{convert(item.first, text), convert(item.second, text)});
      }
      break;
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
      break;
  }
  return out;
}

}  // namespace

const YamlNode* YamlNode::get(std::string_view key) const {
  for (const YamlEntry& entry : entries) {
    if (entry.key.is_scalar() && entry.key.scalar == key) return &entry.value;
  }
  return nullptr;
}

std::vector<std::uint32_t> scalar_offsets(std::string_view text, const YamlNode& node) {
  const auto size = static_cast<std::uint32_t>(text.size());
  if (!node.is_scalar() || node.begin >= size) return {};
  if (!node.block_scalar) {
    const char first = text[node.begin];
    const bool quoted = first == '"' || first == '\'';
    // Quoted and plain scalars may fold over lines past `end` (measured on the first line).
    return align_offsets(node.scalar, text, quoted ? node.begin + 1 : node.begin, size);
  }
  // A block scalar's content starts on the line after its indicator; its indentation is that
  // of the first line that is not blank, and it ends before the first line indented less.
  std::size_t line = text.find('\n', node.begin);
  if (line == std::string_view::npos) return {};
  const auto from = static_cast<std::uint32_t>(line + 1);
  std::uint32_t indent = 0;
  bool measured = false;
  std::uint32_t to = size;
  for (std::size_t at = from; at < text.size();) {
    std::size_t stop = text.find('\n', at);
    if (stop == std::string_view::npos) stop = text.size();
    std::size_t blanks = at;
    while (blanks < stop && text[blanks] == ' ') ++blanks;
    const bool blank_line = blanks == stop || text[blanks] == '\r';
    if (!blank_line) {
      const auto width = static_cast<std::uint32_t>(blanks - at);
      if (!measured) {
        indent = width;
        measured = true;
      } else if (width < indent) {
        to = static_cast<std::uint32_t>(at);
        break;
      }
    }
    at = stop + 1;
  }
  return align_offsets(node.scalar, text, from, to, indent);
}

YamlParse parse_yaml(std::string_view text) {
  YamlParse result;
  try {
    const YAML::Node root = YAML::Load(std::string(text));
    result.root = convert(root, text);
  } catch (const YAML::Exception& error) {
    result.error = error.msg;
    result.error_offset = clamp_offset(error.mark.pos, text);
  }
  return result;
}

std::vector<YamlParse> parse_yaml_documents(std::string_view text) {
  std::vector<YamlParse> out;
  try {
    for (const YAML::Node& document : YAML::LoadAll(std::string(text))) {
      YamlParse parse;
      parse.root = convert(document, text);
      out.push_back(std::move(parse));
    }
  } catch (const YAML::Exception& error) {
    YamlParse failed;
    failed.error = error.msg;
    failed.error_offset = clamp_offset(error.mark.pos, text);
    out.push_back(std::move(failed));
  }
  return out;
}

}  // namespace preflight::deploy
