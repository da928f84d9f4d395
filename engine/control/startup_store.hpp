#pragma once
// startup-config in routerd's config directory ("NVRAM"): written atomically, mode 0600
// (it holds secrets).
#include <chrono>
#include <optional>
#include <string>

namespace routerd::control {

class StartupStore {
public:
    explicit StartupStore(std::string config_dir) : dir_(std::move(config_dir)) {}
    std::string path() const { return dir_ + "/startup-config"; }
    const std::string& dir() const { return dir_; }
    std::optional<std::string> load() const;
    // An error text, or nullopt when saved.
    std::optional<std::string> save(const std::string& text) const;
    // `write erase`: startup-config is removed (gone is "empty" to IOS); nullopt when done.
    std::optional<std::string> erase() const;
    // When startup-config was last written (IOS: "NVRAM config last updated").
    std::optional<std::chrono::system_clock::time_point> saved_at() const;

private:
    std::string dir_;
};

}  // namespace routerd::control
