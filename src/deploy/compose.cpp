#include "deploy/compose.h"

#include "deploy/yaml.h"
#include "deploy/yaml_facts.h"

namespace preflight::deploy {
namespace {

// `${VAR}`/`$VAR` are interpolated by compose from the shell or `.env` at deploy time; `$$` is a
// literal dollar.
bool compose_literal(const std::string& written) {
  for (std::size_t i = 0; i < written.size(); ++i) {
    if (written[i] != '$') continue;
    if (i + 1 < written.size() && written[i + 1] == '$') {
      ++i;
      continue;
    }
    return false;
  }
  return true;
}

// A command written as a string or as a list of words.
std::optional<Command> read_command(const SourceFile& source, FileId id, const YamlNode* node) {
  if (!node) return std::nullopt;
  if (node->is_scalar()) {
    return Command{node->scalar, node_span(source, id, *node),
                   scalar_offsets(source.text(), *node)};
  }
  if (!node->is_sequence() || node->items.empty()) return std::nullopt;
  return join_words(source, id, *node);
}

std::optional<Command> read_healthcheck(const SourceFile& source, FileId id, const YamlNode* node) {
  if (!node || !node->is_map()) return std::nullopt;
  const YamlNode* test = node->get("test");
  if (!test) return std::nullopt;
  if (test->is_sequence() && !test->items.empty() && test->items.front().is_scalar()) {
    const std::string& form = test->items.front().scalar;
    if (form == "NONE") return std::nullopt;
    YamlNode words = *test;
    if (form == "CMD" || form == "CMD-SHELL") words.items.erase(words.items.begin());
    return read_command(source, id, &words);
  }
  return read_command(source, id, test);
}

}  // namespace

ComposeFile read_compose(const SourceFile& source, FileId id) {
  ComposeFile out;
  out.file = id;
  const YamlParse parsed = parse_yaml(source.text());
  if (!parsed.root) {
    out.error = parsed.error;
    out.error_span = source.span(id, parsed.error_offset, parsed.error_offset);
    return out;
  }
  const YamlNode* services = parsed.root->get("services");
  if (!services || !services->is_map()) return out;
  for (const YamlEntry& entry : services->entries) {
    if (!entry.key.is_scalar() || !entry.value.is_map()) continue;
    const YamlNode& body = entry.value;
    ComposeService service;
    service.name = entry.key.scalar;
    service.span = node_span(source, id, entry.key);
    if (const YamlNode* environment = body.get("environment")) {
      service.environment = read_env_node(source, id, *environment, compose_literal);
    }
    if (const YamlNode* env_file = body.get("env_file")) {
      auto add = [&](const YamlNode& item) {
        if (item.is_scalar()) {
          service.env_files.push_back(EnvFileRef{item.scalar, true, node_span(source, id, item)});
        } else if (item.is_map()) {
          const YamlNode* path = item.get("path");
          const YamlNode* required = item.get("required");
          if (path && path->is_scalar()) {
            service.env_files.push_back(EnvFileRef{
                path->scalar, !(required && required->is_scalar() && required->scalar == "false"),
                node_span(source, id, *path)});
          }
        }
      };
      if (env_file->is_sequence()) {
        for (const YamlNode& item : env_file->items) add(item);
      } else {
        add(*env_file);
      }
    }
    service.command = read_command(source, id, body.get("command"));
    service.entrypoint = read_command(source, id, body.get("entrypoint"));
    service.healthcheck = read_healthcheck(source, id, body.get("healthcheck"));
    if (const YamlNode* name = body.get("container_name"); name && name->is_scalar()) {
      service.container_name = name->scalar;
    }
    if (const YamlNode* image = body.get("image"); image && image->is_scalar()) {
      service.image = image->scalar;
    }
    service.builds = body.get("build") != nullptr;
    if (const YamlNode* ports = body.get("ports"); ports && ports->is_sequence()) {
      for (const YamlNode& port : ports->items) {
        if (port.is_scalar()) service.ports.push_back(port.scalar);
      }
    }
    out.services.push_back(std::move(service));
  }
  return out;
}

}  // namespace preflight::deploy
