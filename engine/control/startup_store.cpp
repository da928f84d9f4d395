#include "engine/control/startup_store.hpp"

#include <filesystem>

#include "platform/files.hpp"

namespace routerd::control {

std::optional<std::string> StartupStore::load() const { return platform::read_file(path()); }

std::optional<std::chrono::system_clock::time_point> StartupStore::saved_at() const {
    return platform::modification_time(path());
}

std::optional<std::string> StartupStore::save(const std::string& text) const {
    return platform::write_file_atomically(path(), text, 0600);
}

std::optional<std::string> StartupStore::load_private() const { return platform::read_file(private_path()); }

std::optional<std::string> StartupStore::save_private(const std::string& text) const {
    if (!text.empty()) return platform::write_file_atomically(private_path(), text, 0600);
    std::error_code ec;
    std::filesystem::remove(private_path(), ec);
    if (ec) return ec.message();
    return std::nullopt;
}

std::optional<std::string> StartupStore::erase() const {
    std::error_code ec;
    std::filesystem::remove(path(), ec);
    if (ec) return ec.message();
    return std::nullopt;
}

}  // namespace routerd::control
