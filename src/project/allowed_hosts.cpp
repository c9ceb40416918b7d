#include "project/allowed_hosts.h"

#include <algorithm>
#include <cctype>

#include "core/ascii.h"
#include "project/setting_values.h"

namespace preflight::project {
namespace {

// Django's split_domain_port: the host without its port, lower-cased, a trailing dot dropped;
// empty when the host is not a valid name or IPv6 literal.
std::string host_domain(std::string_view host) {
  std::string text = ascii_lower(host);
  if (text.starts_with('[')) {
    const std::size_t close = text.find(']');
    return close == std::string::npos ? "" : text.substr(0, close + 1);
  }
  if (const std::size_t colon = text.rfind(':'); colon != std::string::npos) {
    text = text.substr(0, colon);
  }
  for (const char c : text) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '-') return "";
  }
  if (text.ends_with('.')) text.pop_back();
  return text;
}

// django.utils.http.is_same_domain over ALLOWED_HOSTS.
bool allowed(const std::string& domain, const std::vector<std::string>& patterns) {
  if (domain.empty()) return false;
  return std::any_of(patterns.begin(), patterns.end(), [&](const std::string& written) {
    const std::string pattern = ascii_lower(written);
    if (pattern == "*") return true;
    if (pattern.starts_with('.')) {
      return domain.ends_with(pattern) || domain == std::string_view(pattern).substr(1);
    }
    return domain == pattern;
  });
}

// A pod's IP is not known here: only `*` or an address among the patterns could allow it.
bool may_allow_an_ip(const std::vector<std::string>& patterns) {
  return std::any_of(patterns.begin(), patterns.end(), [](const std::string& pattern) {
    return pattern == "*" || pattern.find_first_not_of("0123456789.:[]") == std::string::npos;
  });
}

}  // namespace

HostCheck check_host(const Project& project, const SettingsModule& module, const HttpCheck& check) {
  HostCheck out;
  if (check.site.kind == CommandSite::Kind::ImageBuild) return out;
  const deploy::shell::HttpHeader* header = check.request.header("Host");
  if (header && !header->literal) return out;
  if (!header && !check.request.url_literal) return out;
  // The kubelet sends a probe to the pod's IP, and that is its Host unless httpHeaders sets one.
  out.pod_ip = !header && !check.probe_kind.empty();
  out.host = header ? header->value
             : out.pod_ip
                 ? "<the pod's IP>"
                 : check.request.host +
                       (check.request.port ? ":" + std::to_string(*check.request.port) : "");
  auto hosts = string_list(project, module, "ALLOWED_HOSTS");
  if (!hosts) return out;
  const std::optional<bool> debug = truth(project, module, "DEBUG");
  if (hosts->empty() && debug != false) {
    if (!debug) return out;                         // DEBUG may be on, and allow the local names
    *hosts = {".localhost", "127.0.0.1", "[::1]"};  // what Django allows then
  }
  out.domain = out.pod_ip ? "" : host_domain(out.host);
  out.allowed = out.pod_ip ? may_allow_an_ip(*hosts) : allowed(out.domain, *hosts);
  if (out.pod_ip && *out.allowed) out.allowed = std::nullopt;  // only may
  out.allowed_hosts = std::move(*hosts);
  return out;
}

}  // namespace preflight::project
