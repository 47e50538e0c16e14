#pragma once
// TempDir: a fresh, uniquely named directory for one test (mkdtemp under $TMPDIR or /tmp),
// removed with everything in it when the object is destroyed. Tests never share a database.

#include <filesystem>
#include <string>

namespace hoptac::testing {

class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  // A path inside the directory (the file is not created).
  std::string File(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

}  // namespace hoptac::testing
