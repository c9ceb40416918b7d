// Helpers shared by the YAML readers: spans of nodes and environment maps.
#pragma once

#include <string>
#include <vector>

#include "deploy/facts.h"
#include "deploy/yaml.h"

namespace preflight::deploy {

Span node_span(const SourceFile& source, FileId id, const YamlNode& node);

// From the key through the value of a map entry.
Span entry_span(const SourceFile& source, FileId id, const YamlEntry& entry);

// `environment:`/`env:` written as a map (`KEY: value`) or, in compose, a list (`- KEY=value`).
// `literal` decides whether a written value is known or comes from elsewhere at deploy time.
std::vector<EnvVar> read_env_node(const SourceFile& source, FileId id, const YamlNode& node,
                                  bool (*literal)(const std::string& written));

// A command written as a list of words (exec form), joined with spaces, with the offsets of its
// bytes; a joining space maps to the start of the next word.
Command join_words(const SourceFile& source, FileId id, const YamlNode& list);

}  // namespace preflight::deploy
