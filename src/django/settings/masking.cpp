#include "django/settings/masking.h"

#include <algorithm>
#include <cctype>

namespace preflight::django::settings {

bool is_secret_name(std::string_view name) {
  std::string upper(name);
  std::transform(upper.begin(), upper.end(), upper.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  // Names that match a secret word but hold configuration, not a secret.
  for (const char* harmless :
       {"AUTH_PASSWORD_VALIDATORS", "PASSWORD_HASHERS", "PASSWORD_RESET_TIMEOUT",
        "PASSWORD_RESET_TIMEOUT_DAYS", "KEY_PREFIX", "KEY_FUNCTION", "DEFAULT_AUTO_FIELD"}) {
    if (upper == harmless) return false;
  }
  for (const char* word : {"PASSWORD", "TOKEN", "SECRET", "KEY", "PASSWD", "PWD"}) {
    if (upper.find(word) != std::string::npos) return true;
  }
  return false;
}

std::string mask_url_password(const std::string& text) {
  const std::size_t scheme = text.find("://");
  if (scheme == std::string::npos) return text;
  const std::size_t start = scheme + 3;
  const std::size_t end = text.find_first_of("/?#", start);
  const std::size_t at = text.rfind('@', end == std::string::npos ? text.size() : end);
  if (at == std::string::npos || at < start) return text;
  const std::size_t colon = text.find(':', start);
  if (colon == std::string::npos || colon > at) return text;
  return text.substr(0, colon + 1) + std::string(kMask) + text.substr(at);
}

Value mask(const Value& value, bool secret) {
  Value out = value;
  switch (value.kind) {
    case Value::Kind::Str:
    case Value::Kind::Path:
      out.text = secret && !value.text.empty() ? std::string(kMask) : mask_url_password(value.text);
      return out;
    case Value::Kind::Int:
    case Value::Kind::Float:
      if (secret) return Value::str(std::string(kMask));
      return out;
    case Value::Kind::Dict:
      for (auto& [key, item] : out.entries) {
        const bool secret_key = key.kind == Value::Kind::Str && is_secret_name(key.text);
        item = mask(item, secret || secret_key);
      }
      return out;
    default:
      for (Value& item : out.items) item = mask(item, secret);
      return out;
  }
}

}  // namespace preflight::django::settings
