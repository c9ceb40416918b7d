// The settings evaluator against real Django: each fixture package under
// tests/django/settings_oracle/ is imported by /usr/bin/python3 with Debian's Django 3.2
// (dump_settings.py) under two environments, and `preflight settings` evaluates it statically:
// (a) every variable the fixture reads supplied, with the same `--env` values: every compared
//     setting must be known and equal;
// (b) an empty environment, no `--env`: the candidates must contain the real value (an unknown
//     alternative may stand for it, and is counted as not known).
// A wrong known value fails the test; the share of known settings is printed. An alternative
// "unset ..." (a branch that does not assign the setting) stands for Django's default.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

namespace preflight::django {
namespace {

using nlohmann::json;

const std::string kRoot = std::string(PREFLIGHT_SOURCE_DIR) + "/tests/django/settings_oracle";

std::string quote(const std::string& text) {
  std::string quoted = "'";
  for (const char c : text) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

std::optional<std::string> run(const std::string& command) {
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) return std::nullopt;
  std::string out;
  char buffer[65536];
  while (const std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) out.append(buffer, n);
  const int status = ::pclose(pipe);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return std::nullopt;
  return out;
}

// Django 3.2's global defaults of the compared settings.
const json kDefaults = {
    {"MIDDLEWARE", json::array()},           {"INSTALLED_APPS", json::array()},
    {"ALLOWED_HOSTS", json::array()},        {"DEBUG", false},
    {"SECURE_SSL_REDIRECT", false},          {"SECURE_REDIRECT_EXEMPT", json::array()},
    {"SECURE_PROXY_SSL_HEADER", nullptr},    {"SESSION_COOKIE_SECURE", false},
    {"CSRF_COOKIE_SECURE", false},           {"CSRF_USE_SESSIONS", false},
    {"CSRF_TRUSTED_ORIGINS", json::array()}, {"ROOT_URLCONF", nullptr},
    {"DATABASES", json::object()},           {"SECRET_KEY", false}};

enum class Verdict { Equal, Contains, Unknown, Wrong };

Verdict worst(Verdict a, Verdict b) {
  return static_cast<int>(a) > static_cast<int>(b) ? a : b;
}

bool is_unknown(const json& v) {
  return v.is_object() && v.size() == 1 && v.contains("unknown");
}
bool is_candidates(const json& v) {
  return v.is_object() && v.size() == 1 && v.contains("candidates");
}

// `name`'s preflight value against the real one; `fallback` is the default an "unset" stands for.
Verdict compare(const json& pf, const json& real, const json& fallback) {
  if (is_unknown(pf)) {
    const std::string origin = pf["unknown"];
    if (origin.starts_with("unset ") && !fallback.is_discarded()) {
      return compare(fallback, real, json(json::value_t::discarded)) == Verdict::Equal
                 ? Verdict::Contains
                 : Verdict::Wrong;
    }
    return Verdict::Unknown;
  }
  if (is_candidates(pf)) {
    Verdict best = Verdict::Wrong;
    for (const json& alternative : pf["candidates"]) {
      const Verdict v = compare(alternative, real, fallback);
      if (v == Verdict::Equal || v == Verdict::Contains) return Verdict::Contains;
      if (v == Verdict::Unknown) best = Verdict::Unknown;
    }
    return best;
  }
  if (pf.is_array() && real.is_array()) {
    if (pf.size() != real.size()) return Verdict::Wrong;
    Verdict out = Verdict::Equal;
    for (std::size_t i = 0; i < pf.size(); ++i) {
      out = worst(out, compare(pf[i], real[i], json(json::value_t::discarded)));
    }
    return out;
  }
  if (pf.is_object() && real.is_object()) {
    if (pf.size() != real.size()) return Verdict::Wrong;
    Verdict out = Verdict::Equal;
    for (const auto& [key, value] : real.items()) {
      if (!pf.contains(key)) return Verdict::Wrong;
      out = worst(out, compare(pf[key], value, json(json::value_t::discarded)));
    }
    return out;
  }
  if (pf.is_number() && real.is_number()) {
    return pf.get<double>() == real.get<double>() ? Verdict::Equal : Verdict::Wrong;
  }
  return pf == real ? Verdict::Equal : Verdict::Wrong;
}

// preflight's DATABASES reduced to ENGINE/NAME/HOST per alias, as dump_settings.py prints it;
// SECRET_KEY reduced to its presence.
json project(const std::string& name, const json& value) {
  if (is_unknown(value)) return value;
  if (is_candidates(value)) {
    json alternatives = json::array();
    for (const json& alternative : value["candidates"]) {
      alternatives.push_back(project(name, alternative));
    }
    return {{"candidates", alternatives}};
  }
  if (name == "SECRET_KEY") return value.is_string() && !value.get<std::string>().empty();
  if (name == "DATABASES" && value.is_object()) {
    json out = json::object();
    for (const auto& [alias, database] : value.items()) {
      if (!database.is_object() || is_unknown(database) || is_candidates(database)) {
        out[alias] = database;
        continue;
      }
      json kept = json::object();
      for (const char* key : {"ENGINE", "NAME", "HOST"}) {
        if (database.contains(key)) kept[key] = database[key];
      }
      out[alias] = kept;
    }
    return out;
  }
  return value;
}

TEST(SettingsOracle, EffectiveSettingsMatchDjango) {
  ASSERT_TRUE(run("/usr/bin/python3 -c 'import django' 2>&1")) << "needs Debian's python3-django";
  std::ifstream manifest_file(kRoot + "/fixtures.json");
  const json manifest = json::parse(manifest_file);
  ASSERT_GE(manifest.size(), 12u);
  int compared = 0, known = 0, contains = 0, unknown = 0, wrong = 0;
  for (const json& fixture : manifest) {
    const std::string module = fixture["module"];
    for (const bool full : {true, false}) {
      std::string env_prefix = "env -i PATH=/usr/bin:/bin";
      std::string flags;
      if (full) {
        for (const auto& [key, value] : fixture["env"].items()) {
          const std::string assignment = key + "=" + value.get<std::string>();
          env_prefix += " " + quote(assignment);
          flags += " --env " + quote(assignment);
        }
      }
      const auto real_text =
          run(env_prefix + " /usr/bin/python3 " + quote(kRoot + "/dump_settings.py") + " " +
              quote(kRoot) + " " + quote(module));
      ASSERT_TRUE(real_text) << module << ": Django could not import it";
      const auto pf_text = run(std::string(PREFLIGHT_BINARY) + " settings " + quote(kRoot) +
                               " --module " + quote(module) + " --format json" + flags);
      ASSERT_TRUE(pf_text) << module << ": preflight settings failed";
      const json real = json::parse(*real_text);
      const json pf = json::parse(*pf_text);
      std::map<std::string, json> pf_values;
      for (const json& setting : pf["settings"]) pf_values[setting["name"]] = setting["value"];
      for (const auto& [name, real_value] : real.items()) {
        const auto it = pf_values.find(name);
        const json value = project(name, it == pf_values.end() ? kDefaults[name] : it->second);
        const Verdict verdict = compare(value, real_value, kDefaults[name]);
        ++compared;
        const std::string where = module + (full ? " [full env] " : " [empty env] ") + name;
        switch (verdict) {
          case Verdict::Equal:
            ++known;
            break;
          case Verdict::Contains:
            ++contains;
            break;
          case Verdict::Unknown:
            ++unknown;
            break;
          case Verdict::Wrong:
            ++wrong;
            break;
        }
        if (verdict == Verdict::Wrong) {
          ADD_FAILURE() << where << ": preflight " << value.dump() << ", Django "
                        << real_value.dump();
        } else if (full && verdict != Verdict::Equal) {
          ADD_FAILURE() << where << ": not known with the whole environment: " << value.dump()
                        << ", Django " << real_value.dump();
        } else if (verdict != Verdict::Equal) {
          std::printf("  not known: %s: %s (Django %s)\n", where.c_str(), value.dump().c_str(),
                      real_value.dump().c_str());
        }
      }
    }
  }
  std::printf(
      "settings oracle: %d compared, %d known and equal (%.1f %%), %d candidates containing "
      "the real value, %d unknown, %d wrong\n",
      compared, known, compared ? 100.0 * known / compared : 0.0, contains, unknown, wrong);
}

// Secrets never reach the output, in either format: SECRET_KEY, PASSWORD keys, DSN passwords.
TEST(SettingsCommand, MasksSecrets) {
  for (const char* format : {"text", "json"}) {
    const auto out = run(std::string(PREFLIGHT_BINARY) + " settings " + quote(kRoot) +
                         " --module s01_split_environ.settings.production --format " + format +
                         " --env DJANGO_SECRET_KEY=topsecret1 --env POSTGRES_PASSWORD=hunter22");
    ASSERT_TRUE(out);
    EXPECT_EQ(out->find("topsecret1"), std::string::npos) << *out;
    EXPECT_EQ(out->find("hunter22"), std::string::npos) << *out;
    EXPECT_NE(out->find("****"), std::string::npos) << *out;
  }
}

}  // namespace
}  // namespace preflight::django
