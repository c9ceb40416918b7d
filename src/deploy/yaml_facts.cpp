#include "deploy/yaml_facts.h"

#include <algorithm>

namespace preflight::deploy {

Span node_span(const SourceFile& source, FileId id, const YamlNode& node) {
  return source.span(id, node.begin, std::max(node.begin, node.end));
}

Span entry_span(const SourceFile& source, FileId id, const YamlEntry& entry) {
  const std::uint32_t end =
      entry.value.is_scalar() ? std::max(entry.value.end, entry.key.end) : entry.key.end;
  return source.span(id, entry.key.begin, std::max(entry.key.begin, end));
}

std::vector<EnvVar> read_env_node(const SourceFile& source, FileId id, const YamlNode& node,
                                  bool (*literal)(const std::string& written)) {
  std::vector<EnvVar> out;
  if (node.is_map()) {
    for (const YamlEntry& entry : node.entries) {
      if (!entry.key.is_scalar()) continue;
      EnvVar var;
      var.name = entry.key.scalar;
      if (entry.value.is_scalar()) {
        var.written = entry.value.scalar;
        if (literal(var.written)) var.value = var.written;
      } else if (entry.value.kind == YamlNode::Kind::Null) {
        var.value = std::string();  // `KEY:` sets an empty value
      }
      var.span = entry_span(source, id, entry);
      out.push_back(std::move(var));
    }
  } else if (node.is_sequence()) {
    for (const YamlNode& item : node.items) {
      if (!item.is_scalar()) continue;
      EnvVar var;
      const std::size_t equal = item.scalar.find('=');
      var.name = item.scalar.substr(0, equal);
      if (equal != std::string::npos) {
        var.written = item.scalar.substr(equal + 1);
        if (literal(var.written)) var.value = var.written;
      }
      // `- KEY` without `=` passes the variable through from the caller's environment.
      var.span = node_span(source, id, item);
      out.push_back(std::move(var));
    }
  }
  return out;
}

Command join_words(const SourceFile& source, FileId id, const YamlNode& list) {
  Command out;
  out.span = node_span(source, id, list);
  for (const YamlNode& word : list.items) {
    if (!word.is_scalar()) continue;
    std::vector<std::uint32_t> offsets = scalar_offsets(source.text(), word);
    if (offsets.size() != word.scalar.size() + 1)
      offsets.assign(word.scalar.size() + 1, word.begin);
    if (out.offsets.empty()) {
      out.text = word.scalar;
      out.offsets = std::move(offsets);
      continue;
    }
    // `offsets` ends with one past the text: that slot becomes the space, at the next word.
    out.text += ' ';
    out.offsets.back() = offsets.front();
    out.text += word.scalar;
    out.offsets.insert(out.offsets.end(), offsets.begin(), offsets.end());
  }
  return out;
}

}  // namespace preflight::deploy
