#pragma once
// File operations the config store needs, done the crash-safe way.
#include <optional>
#include <string>

namespace routerd::platform {

// Writes `content` to `path` so that a crash leaves either the old or the new file: a temp file
// in the same directory, fsync, rename over the target, fsync the directory. Returns an error
// text, or nullopt on success.
std::optional<std::string> write_file_atomically(const std::string& path, const std::string& content, unsigned mode);
std::optional<std::string> read_file(const std::string& path);

}  // namespace routerd::platform
