// Whether Django accepts the Host an HTTP check sends, as HttpRequest.get_host() decides:
// ALLOWED_HOSTS matched by validate_host (exact names, `.example.com` for a domain and its
// subdomains, `*`, the port ignored), and with DEBUG on and an empty list, the local names.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "project/deployment_commands.h"
#include "project/project.h"

namespace preflight::project {

struct HostCheck {
  std::string host;     // as sent: the Host header, else the URL's host and port
  std::string domain;   // split_domain_port's domain; empty when the host is not valid
  bool pod_ip = false;  // a Kubernetes probe without a Host header: the pod's IP, not known here
  std::vector<std::string> allowed_hosts;  // as Django applies them
  // false: DisallowedHost; nullopt: it depends on values not known here.
  std::optional<bool> allowed;
};

HostCheck check_host(const Project& project, const SettingsModule& module, const HttpCheck& check);

}  // namespace preflight::project
