// Django's own middleware, by the dotted names settings use, and what a project's middleware
// class does with the request before the rest of the stack runs (read from its syntax tree).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/source.h"
#include "django/symbols.h"

namespace preflight::django::middleware {

inline constexpr std::string_view kSecurity = "django.middleware.security.SecurityMiddleware";
inline constexpr std::string_view kSession = "django.contrib.sessions.middleware.SessionMiddleware";
inline constexpr std::string_view kCommon = "django.middleware.common.CommonMiddleware";
inline constexpr std::string_view kCsrf = "django.middleware.csrf.CsrfViewMiddleware";
inline constexpr std::string_view kAuthentication =
    "django.contrib.auth.middleware.AuthenticationMiddleware";
inline constexpr std::string_view kLoginRequired =
    "django.contrib.auth.middleware.LoginRequiredMiddleware";  // 5.1+
inline constexpr std::string_view kMessages =
    "django.contrib.messages.middleware.MessageMiddleware";

// The position of `name` in a MIDDLEWARE list; nullopt when absent.
std::optional<std::size_t> position(const std::vector<std::string>& stack, std::string_view name);

// What a project middleware class does before the request reaches the next middleware: in
// `process_request`/`process_view`, and in `__call__` before it calls `self.get_response`.
struct ProjectMiddleware {
  bool found = false;                 // the class is in the project
  Span span;                          // its `class` statement
  std::optional<Span> reads_user;     // `request.user` read first here
  std::optional<Span> reads_session;  // `request.session` read first here
  // A way it can reject a request before the view: `request.get_host()` (DisallowedHost),
  // `raise PermissionDenied/SuspiciousOperation/BadRequest/Http404`.
  std::optional<Span> rejects;
  std::string rejects_how;
};

ProjectMiddleware analyse_project_middleware(const ModuleTable& table, std::string_view dotted);

}  // namespace preflight::django::middleware
