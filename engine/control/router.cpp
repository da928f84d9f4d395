#include "engine/control/router.hpp"

#include <algorithm>
#include <ctime>
#include <set>

namespace routerd::control {

Router::Router(std::string config_dir, platform::Links& l)
    : Router(std::move(config_dir), l, std::make_shared<const grammar::CommandTable>(grammar::all_commands())) {}

Router::Router(std::string config_dir, platform::Links& l, std::shared_ptr<const grammar::CommandTable> t)
    : compiled_table(std::move(t)), table(*compiled_table), store(std::move(config_dir)), links(l) {
    log.set_stamp([this] { return timestamp_prefix(); });
    log.set_trap_sink([this](int severity, const std::string& line) { syslog.send(severity, line); });
    syslog.set_source_lookup([this] { return logging_source_address(); });
    for (const auto& link : links.list())
        if (!link.owned && !link.loopback && !link.addresses.empty()) box_addresses_[link.name] = link.addresses;
}

std::optional<grammar::InterfaceName> Router::box_address_overlap(const config::Ipv4WithMask& a,
                                                                  const grammar::InterfaceName& self) {
    auto overlapping = [&](const platform::Ipv4Prefix& p) {
        return config::subnets_overlap({p.address, config::prefix_to_mask(p.length)}, a);
    };
    // Most addresses overlap nothing the box had: no netlink dump for them (a paste of a
    // thousand loopbacks would otherwise list every link a thousand times).
    bool any = false;
    for (const auto& [name, prefixes] : box_addresses_)
        any = any || std::any_of(prefixes.begin(), prefixes.end(), overlapping);
    if (!any) return std::nullopt;
    for (const auto& [ios, link] : interface_map.resolve(links.list())) {
        if (ios == self) continue;
        auto had = box_addresses_.find(link.name);
        if (had == box_addresses_.end()) continue;
        for (const auto& p : link.addresses)
            if (overlapping(p) && std::find(had->second.begin(), had->second.end(), p) != had->second.end()) return ios;
    }
    return std::nullopt;
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
        // What cannot take effect as configured is said once, when it first appears (an
        // undefined profile, a host name as peer, traffic NAT translates before a crypto map).
        for (const auto& p : next->problems)
            if (std::find(policy_->problems.begin(), policy_->problems.end(), p) == policy_->problems.end())
                log.emit(4, "%CRYPTO-4-POLICY_PROBLEM: " + p);
        last_diff_ = policy::diff(*policy_, *next);
        policy_ = std::move(next);
        policy_dirty_ = false;
    }
    return policy_;
}

void Router::config_changed(bool from_startup) {
    policy_dirty_ = true;
    // IOS keeps the master key in private NVRAM the moment it is set, never in a config.
    if (config.crypto.master_key != saved_master_key_) {
        saved_master_key_ = config.crypto.master_key;
        std::string text = saved_master_key_.empty() ? "" : "key config-key password-encrypt " + saved_master_key_ + "\n";
        if (!from_startup)
            if (auto err = store.save_private(text))
                log.emit(3, "%SYS-3-PRIVATE_CONFIG: the master key could not be kept in " + store.private_path() + ": " + *err);
    }
    if (on_policy_change) on_policy_change();
    if (!from_startup) config.last_change = std::chrono::system_clock::now();
    if (config.logging_buffered)
        log.set_buffer(true, config.logging_buffered->size, static_cast<int>(config.logging_buffered->level));
    else
        log.set_buffer(true, 8192, 7);
    // `logging console|monitor|trap|facility|source-interface|host` are kept lines (stored.cpp);
    // their meaning is read back here (logging_config.hpp).
    logging = config::logging_settings(config.stored);
    log.set_console(logging.console_on, logging.console_level);
    log.set_monitor(logging.monitor_on, logging.monitor_level);
    log.set_trap(logging.trap_on, logging.trap_level);
    syslog.set_facility(logging.facility);
    syslog.set_hosts(logging.hosts);
}

std::optional<std::uint32_t> Router::logging_source_address() {
    if (logging.source_interface.empty()) return std::nullopt;
    auto name = grammar::parse_interface_name(logging.source_interface);
    if (!name) return std::nullopt;
    for (const auto& [ios, link] : interfaces())
        if (ios == *name && link && !link->addresses.empty()) return link->addresses.front().address;
    return std::nullopt;
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
