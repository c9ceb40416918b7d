// django-split-settings: `include("components/*.py", optional("environments/local.py"))` runs
// each file matching a glob, relative to the including file, in sorted order, in the including
// module's namespace, skipping files already included there. A pattern that matches nothing raises
// (IOError) unless wrapped in optional(). What cannot be followed here (a pattern not known, a file
// not read) leaves every name open rather than quietly absent.
#include <algorithm>
#include <string>
#include <vector>

#include "core/glob.h"
#include "django/python_values.h"
#include "django/settings/interpreter.h"

namespace preflight::django::settings {

using python::Node;

namespace {

constexpr std::string_view kWriter = "split_settings.include";

bool has_glob(std::string_view pattern) {
  return pattern.find_first_of("*?[") != std::string_view::npos;
}

// `dir/../x/./y.py` as a '/'-separated path relative to the project root.
std::string joined(std::string_view dir, std::string_view relative) {
  return normalise_path("/" + std::string(dir) + "/" + std::string(relative)).substr(1);
}

}  // namespace

void Interpreter::split_settings_include(const Arguments& args, Frame& frame, const Node& at) {
  for (const Value& argument : args.positional) {
    const bool optional =
        argument.kind == Value::Kind::Object && argument.text == "split_settings.tools.optional";
    const Value pattern = optional ? (argument.entries.empty() ? Value::unknown("optional()")
                                                               : argument.entries[0].second)
                                   : argument;
    if (!pattern.is_candidates()) {
      include_pattern(pattern, optional, frame, at);
      continue;
    }
    // `optional(f"environments/{ENV}.py")` with ENV not known: one include per alternative,
    // merged as the branches of an `if` are.
    const std::string why = "when " + where(frame, at) + " includes another file";
    run_per_alternative(pattern.items, frame, why, [&](const Value& alternative) {
      include_pattern(alternative, optional, frame, at);
      return Flow::Normal;
    });
  }
}

void Interpreter::include_pattern(const Value& pattern, bool optional, Frame& frame,
                                  const Node& at) {
  if (pattern.kind != Value::Kind::Str) {
    write_global(Value::unknown(std::string(kWriter)), Value::unknown(std::string(kWriter)), frame,
                 at, kWriter);
    return;
  }
  const ModuleSource* including =
      frame.running_source ? frame.running_source : frame.module->module->source;
  const std::string wanted =
      joined(including ? parent_dir(including->path) : std::string_view(), pattern.text);
  std::vector<const ModuleSource*> files;
  for (const ModuleSource& file : sources_) {
    const ModuleSource* source = &file;
    const bool matches = has_glob(wanted)
                             ? glob_match(wanted, source->path) &&
                                   std::count(wanted.begin(), wanted.end(), '/') ==
                                       std::count(source->path.begin(), source->path.end(), '/')
                             : source->path == wanted;
    if (matches) files.push_back(source);
  }
  std::sort(files.begin(), files.end(),
            [](const ModuleSource* a, const ModuleSource* b) { return a->path < b->path; });
  files.erase(std::unique(files.begin(), files.end()), files.end());
  if (files.empty()) {
    if (optional && !has_glob(wanted)) return;  // nothing to include, as Python finds
    // Either no such file (IOError, or nothing for optional()) or one that was not read: which,
    // is not known here.
    notes_.push_back(where(frame, at) + ": split_settings.include(\"" + pattern.text +
                     "\") matches no Python file read (files outside a settings folder are read "
                     "with --all-files)");
    write_global(Value::unknown(std::string(kWriter)), Value::unknown(std::string(kWriter)), frame,
                 at, kWriter);
    return;
  }
  for (const ModuleSource* file : files) {
    if (!frame.module->included_files.insert(file->path).second) continue;
    if (!file->tree) {
      notes_.push_back(file->path + ": does not parse; what it sets is unknown");
      write_global(Value::unknown(std::string(kWriter)), Value::unknown(std::string(kWriter)),
                   frame, at, kWriter);
      continue;
    }
    Frame included;
    included.module = frame.module;
    included.running_source = file;
    exec_block(list_field(*file->tree, "body"), included);
  }
}

}  // namespace preflight::django::settings
