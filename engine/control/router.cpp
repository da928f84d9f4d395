#include "engine/control/router.hpp"

#include <ctime>
#include <set>

namespace routerd::control {

Router::Router(std::string config_dir, platform::Links& l)
    : table(grammar::all_commands()), store(std::move(config_dir)), links(l) {
    log.set_stamp([this] { return timestamp_prefix(); });
}

int Router::add_session(Session& s) {
    s.id = next_session_++;
    // vty numbers are reused like IOS lines: the lowest free one.
    std::set<int> used;
    for (const auto& [id, other] : sessions)
        if (!other->console) used.insert(other->vty);
    s.vty = 0;
    while (used.count(s.vty)) ++s.vty;
    sessions[s.id] = &s;
    return s.id;
}

bool Router::make_console(Session& s) {
    for (const auto& [id, other] : sessions)
        if (other != &s && other->console) return false;
    s.console = true;
    s.vty = 0;  // not a vty: the number goes back to the vty lines
    return true;
}

void Router::remove_session(int id) {
    sessions.erase(id);
    if (settle) settle();  // a session that ends in configuration mode has configured too
}

std::shared_ptr<const policy::PolicySet> Router::policy() {
    if (policy_dirty_) {
        auto next = policy::compile(config);
        last_diff_ = policy::diff(*policy_, *next);
        policy_ = std::move(next);
        policy_dirty_ = false;
    }
    return policy_;
}

namespace {

// `logging console|monitor [LEVEL]` are kept lines (stored.cpp): their meaning is read back
// here. IOS: both default to on at debugging; `no logging X` turns X off; a level is a number
// 0-7 or its name (`logging monitor informational` = 6).
std::pair<bool, int> logging_target(const config::RunningConfig& c, std::string_view target) {
    static const char* names[] = {"emergencies", "alerts", "critical", "errors", "warnings", "notifications",
                                  "informational", "debugging"};
    std::pair<bool, int> result{true, 7};
    const std::string on = "logging " + std::string(target);
    for (const auto& line : c.stored) {
        if (line.text == "no " + on) result = {false, 7};
        if (line.text != on && line.text.rfind(on + " ", 0) != 0) continue;
        std::string level = line.text.size() > on.size() ? line.text.substr(on.size() + 1) : "";
        result = {true, 7};
        for (int i = 0; i < 8; ++i)
            if (level == names[i] || level == std::to_string(i)) result.second = i;
    }
    return result;
}

}  // namespace

void Router::config_changed(bool from_startup) {
    policy_dirty_ = true;
    if (on_policy_change) on_policy_change();
    if (!from_startup) config.last_change = std::chrono::system_clock::now();
    if (config.logging_buffered)
        log.set_buffer(true, config.logging_buffered->size, static_cast<int>(config.logging_buffered->level));
    else
        log.set_buffer(true, 8192, 7);
    auto [console_on, console_level] = logging_target(config, "console");
    log.set_console(console_on, console_level);
    auto [monitor_on, monitor_level] = logging_target(config, "monitor");
    log.set_monitor(monitor_on, monitor_level);
}

std::vector<std::pair<grammar::InterfaceName, std::optional<platform::LinkInfo>>> Router::interfaces() {
    auto resolved = interface_map.resolve(links.list());
    std::map<grammar::InterfaceName, std::optional<platform::LinkInfo>> all;
    for (const auto& [name, link] : resolved) all[name] = link;
    for (const auto& [name, cfg] : config.interfaces)
        if (!all.count(name)) all[name] = std::nullopt;
    return {all.begin(), all.end()};
}

// "*Nov 24 20:44:01.123: " or "00:05:12: " as `service timestamps log` says.
std::string Router::timestamp_prefix() const {
    const auto& style = config.timestamps_log;
    if (style.uptime) {
        auto s = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - booted).count();
        char buf[32];
        std::snprintf(buf, sizeof buf, "%02ld:%02ld:%02ld: ", static_cast<long>(s / 3600), static_cast<long>(s / 60 % 60),
                      static_cast<long>(s % 60));
        return buf;
    }
    auto now = std::chrono::system_clock::now();
    std::time_t tt = std::chrono::system_clock::to_time_t(now);
    std::tm tm{};
    if (style.localtime) localtime_r(&tt, &tm);
    else gmtime_r(&tt, &tm);
    char buf[64];
    std::strftime(buf, sizeof buf, style.year ? "%b %e %Y %H:%M:%S" : "%b %e %H:%M:%S", &tm);
    std::string out = std::string("*") + buf;
    if (style.msec) {
        auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
        char m[8];
        std::snprintf(m, sizeof m, ".%03d", static_cast<int>(ms));
        out += m;
    }
    if (style.show_timezone) out += style.localtime ? "" : " UTC";
    return out + ": ";
}

}  // namespace routerd::control
