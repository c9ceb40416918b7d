#include "deploy/kubernetes.h"

#include "deploy/yaml.h"
#include "deploy/yaml_facts.h"

namespace preflight::deploy {
namespace {

const YamlNode* path(const YamlNode* node, std::initializer_list<std::string_view> keys) {
  for (const std::string_view key : keys) {
    if (!node) return nullptr;
    node = node->get(key);
  }
  return node;
}

std::string scalar(const YamlNode* node) {
  return node && node->is_scalar() ? node->scalar : std::string();
}

// The pod spec of a workload, by kind.
const YamlNode* pod_spec(const YamlNode& document, const std::string& kind) {
  if (kind == "Pod") return document.get("spec");
  if (kind == "CronJob")
    return path(&document, {"spec", "jobTemplate", "spec", "template", "spec"});
  if (kind == "Deployment" || kind == "StatefulSet" || kind == "DaemonSet" ||
      kind == "ReplicaSet" || kind == "Job") {
    return path(&document, {"spec", "template", "spec"});
  }
  return nullptr;
}

KubernetesContainer read_container(const SourceFile& source, FileId id, const YamlNode& node,
                                   const std::string& workload) {
  KubernetesContainer container;
  container.workload = workload;
  container.name = scalar(node.get("name"));
  container.span = node.entries.empty() ? node_span(source, id, node)
                                        : node_span(source, id, node.entries.front().key);
  if (const YamlNode* env = node.get("env"); env && env->is_sequence()) {
    for (const YamlNode& item : env->items) {
      if (!item.is_map()) continue;
      EnvVar var;
      var.name = scalar(item.get("name"));
      if (const YamlNode* value = item.get("value"); value && value->is_scalar()) {
        var.value = value->scalar;
        var.written = value->scalar;
      } else {
        var.written = "valueFrom";
      }
      var.span = node_span(source, id, item);
      container.env.push_back(std::move(var));
    }
  }
  container.env_from = node.get("envFrom") != nullptr;
  YamlNode words;  // command, then args
  words.kind = YamlNode::Kind::Sequence;
  std::optional<Span> command_span;
  for (const std::string_view key : {"command", "args"}) {
    const YamlNode* list = node.get(key);
    if (!list || !list->is_sequence()) continue;
    if (!command_span) command_span = node_span(source, id, *list);
    words.items.insert(words.items.end(), list->items.begin(), list->items.end());
  }
  if (command_span) {
    Command command = join_words(source, id, words);
    command.span = *command_span;
    if (!command.text.empty()) container.command = std::move(command);
  }
  for (const std::string_view kind : {"livenessProbe", "readinessProbe", "startupProbe"}) {
    const YamlNode* get = path(&node, {kind, "httpGet"});
    if (!get || !get->is_map()) continue;
    HttpProbe probe;
    probe.kind = std::string(kind);
    probe.path = scalar(get->get("path"));
    probe.port = scalar(get->get("port"));
    probe.scheme = get->get("scheme") ? scalar(get->get("scheme")) : "HTTP";
    if (const YamlNode* headers = get->get("httpHeaders"); headers && headers->is_sequence()) {
      for (const YamlNode& header : headers->items) {
        probe.headers.emplace_back(scalar(header.get("name")), scalar(header.get("value")));
      }
    }
    probe.span = node_span(source, id, *get);
    container.probes.push_back(std::move(probe));
  }
  return container;
}

}  // namespace

KubernetesManifest read_kubernetes(const SourceFile& source, FileId id) {
  KubernetesManifest out;
  out.file = id;
  for (const YamlParse& document : parse_yaml_documents(source.text())) {
    if (!document.root) {
      out.error = document.error;
      out.error_span = source.span(id, document.error_offset, document.error_offset);
      break;
    }
    const YamlNode& root = *document.root;
    const std::string kind = scalar(root.get("kind"));
    if (kind.empty() || !root.get("apiVersion")) continue;
    const YamlNode* spec = pod_spec(root, kind);
    if (!spec) continue;
    const std::string workload = kind + "/" + scalar(path(&root, {"metadata", "name"}));
    for (const std::string_view list : {"initContainers", "containers"}) {
      const YamlNode* containers = spec->get(list);
      if (!containers || !containers->is_sequence()) continue;
      for (const YamlNode& container : containers->items) {
        if (container.is_map()) {
          out.containers.push_back(read_container(source, id, container, workload));
        }
      }
    }
  }
  return out;
}

}  // namespace preflight::deploy
