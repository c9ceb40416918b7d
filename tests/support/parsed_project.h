// A fixture project's Python files read and parsed, as the django layer takes them: for tests
// that build models, migrations or URL confs from a folder without the project loader.
#pragma once

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "core/source.h"
#include "django/models.h"
#include "python/parser.h"

namespace preflight::testing {

struct ParsedProject {
  SourceMap sources;
  std::vector<std::unique_ptr<python::ParsedModule>> parsed;
  std::vector<django::ModuleSource> modules;

  // Every `.py` file under `root` but those named in `skip`, in path order; a file that does not
  // parse gets a null tree.
  explicit ParsedProject(const std::filesystem::path& root,
                         const std::set<std::string>& skip = {}) {
    namespace fs = std::filesystem;
    std::vector<fs::path> files;
    for (const auto& entry : fs::recursive_directory_iterator(root)) {
      if (entry.is_regular_file() && entry.path().extension() == ".py" &&
          !skip.count(entry.path().filename().string())) {
        files.push_back(entry);
      }
    }
    std::sort(files.begin(), files.end());
    for (const fs::path& file : files) {
      std::ifstream in(file);
      std::stringstream text;
      text << in.rdbuf();
      const std::string relative = fs::relative(file, root).generic_string();
      const FileId id = sources.add(relative, FileKind::Python, text.str());
      parsed.push_back(python::parse_module(sources.file(id).text()));
      modules.push_back(django::ModuleSource{id, relative,
                                             parsed.back()->error ? nullptr : parsed.back()->module,
                                             &sources.file(id), ""});
    }
  }
};

}  // namespace preflight::testing
