// Python `re` patterns, as Django settings hold them (SECURE_REDIRECT_EXEMPT, URL patterns),
// matched with RE2. RE2 is not Python's `re`: patterns are translated, and what RE2 cannot express
// (look-arounds, back-references, possessive or atomic groups) is reported as untranslatable, so
// that a rule says "may" instead of guessing (DESIGN.md toolchain facts).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace re2 {
class RE2;
}

namespace preflight::django {

class PythonRegex {
 public:
  // nullopt when the pattern cannot be translated or does not compile; `why` says which.
  static std::optional<PythonRegex> compile(std::string_view pattern, std::string* why = nullptr);

  PythonRegex(PythonRegex&&) noexcept;
  PythonRegex& operator=(PythonRegex&&) noexcept;
  ~PythonRegex();

  // `re.search(pattern, text)`: a match anywhere.
  bool search(std::string_view text) const;
  // `re.match`: a match at the start.
  bool match(std::string_view text) const;

  const std::string& translated() const { return translated_; }

 private:
  PythonRegex(std::string translated, std::unique_ptr<re2::RE2> regex);
  std::string translated_;
  std::unique_ptr<re2::RE2> regex_;
};

// The RE2 spelling of a Python pattern; nullopt with the reason when there is none.
std::optional<std::string> translate_python_regex(std::string_view pattern, std::string* why);

}  // namespace preflight::django
