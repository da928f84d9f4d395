#include "engine/config/logging_config.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <utility>

#include "grammar/interface_name.hpp"
#include "grammar/token.hpp"

namespace routerd::config {
namespace {

constexpr std::array<std::string_view, 8> kLevels{"emergencies", "alerts", "critical", "errors",
                                                  "warnings", "notifications", "informational", "debugging"};

// IOS's `logging facility ?` list with the RFC 3164 codes (sys9..sys14 are the codes 9-14).
constexpr std::array<std::pair<std::string_view, int>, 24> kFacilities{{
    {"kern", 0},    {"user", 1},    {"mail", 2},    {"daemon", 3},  {"auth", 4},    {"syslog", 5},  {"lpr", 6},
    {"news", 7},    {"uucp", 8},    {"cron", 9},    {"sys9", 9},    {"sys10", 10},  {"sys11", 11},  {"sys12", 12},
    {"sys13", 13},  {"sys14", 14},  {"local0", 16}, {"local1", 17}, {"local2", 18}, {"local3", 19}, {"local4", 20},
    {"local5", 21}, {"local6", 22}, {"local7", 23},
}};

// The words after `words` in `text` ("" when none); nullopt when text does not begin with them.
std::optional<std::string_view> rest_after(std::string_view text, std::string_view words) {
    if (!begins_with_words(text, words)) return std::nullopt;
    text.remove_prefix(words.size());
    while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
    while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
    return text;
}

std::vector<std::string_view> words_of(std::string_view text) {
    std::vector<std::string_view> out;
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && text[i] == ' ') ++i;
        std::size_t start = i;
        while (i < text.size() && text[i] != ' ') ++i;
        if (i > start) out.push_back(text.substr(start, i - start));
    }
    return out;
}

// `A.B.C.D [transport udp [port N]]`: the forms this box sends to. `vrf`, `transport tcp`,
// `discriminator`, `xml` and the rest are kept without effect.
std::optional<SyslogHostConfig> parse_host(std::string_view rest) {
    auto w = words_of(rest);
    if (w.empty()) return std::nullopt;
    auto address = grammar::parse_ipv4(w[0]);
    if (!address) return std::nullopt;
    SyslogHostConfig host{*address, 514};
    if (w.size() == 1) return host;
    if (w[1] != "transport" || w.size() < 3 || w[2] != "udp") return std::nullopt;
    if (w.size() == 3) return host;
    if (w.size() != 5 || w[3] != "port") return std::nullopt;
    unsigned port = 0;
    auto [end, ec] = std::from_chars(w[4].data(), w[4].data() + w[4].size(), port);
    // IOS: `port <1-65535>`
    if (ec != std::errc{} || end != w[4].data() + w[4].size() || port < 1 || port > 65535) return std::nullopt;
    host.port = static_cast<std::uint16_t>(port);
    return host;
}

// `logging console|monitor|trap [LEVEL]`: the level, IOS's default when none is given.
std::optional<int> switch_level(std::string_view rest, int fallback) {
    if (rest.empty()) return fallback;
    return parse_log_level(rest);
}

}  // namespace

std::optional<int> parse_log_level(std::string_view text) {
    for (int i = 0; i < 8; ++i)
        if (text == kLevels[static_cast<std::size_t>(i)] || text == std::to_string(i)) return i;
    return std::nullopt;
}

std::optional<int> parse_log_facility(std::string_view text) {
    for (const auto& [name, code] : kFacilities)
        if (text == name) return code;
    return std::nullopt;
}

std::string canonical_logging_line(std::string body) {
    // `logging trap 4` shows as `logging trap warnings`: IOS keeps a level by its name.
    if (auto key = logging_switch(body)) {
        auto level = *rest_after(body, *key);
        if (level.size() == 1 && level[0] >= '0' && level[0] <= '7')
            return std::string(*key) + " " + std::string(kLevels[static_cast<std::size_t>(level[0] - '0')]);
        return body;
    }
    // `logging 10.1.1.1` (IOS 12's form) is `logging host 10.1.1.1` since IOS 12.2(15)T.
    auto rest = rest_after(body, "logging");
    if (!rest || rest->empty()) return body;
    auto first = words_of(*rest).front();
    if (!grammar::parse_ipv4(first)) return body;
    return "logging host " + std::string(*rest);
}

std::optional<std::string_view> logging_switch(std::string_view body) {
    for (std::string_view key : {"logging console", "logging monitor", "logging trap"})
        if (begins_with_words(body, key)) return key;
    return std::nullopt;
}

bool negation_is_kept(std::string_view body) {
    for (std::string_view key : {"logging host", "logging source-interface", "logging facility"})
        if (begins_with_words(body, key)) return false;
    return true;
}

bool logging_line_applies(std::string_view body) {
    if (auto key = logging_switch(body)) {
        int fallback = *key == "logging trap" ? 6 : 7;
        return switch_level(*rest_after(body, *key), fallback).has_value();
    }
    if (auto rest = rest_after(body, "logging facility")) return parse_log_facility(*rest).has_value();
    if (auto rest = rest_after(body, "logging source-interface"))
        return !rest->empty() && grammar::parse_interface_name(*rest).has_value();
    if (auto rest = rest_after(body, "logging host")) return parse_host(*rest).has_value();
    return false;
}

LoggingSettings logging_settings(const std::vector<StoredLine>& stored) {
    LoggingSettings s;
    for (const auto& line : stored) {
        std::string_view text = line.text;
        bool negated = text.starts_with("no ");
        std::string_view body = negated ? text.substr(3) : text;
        auto key = logging_switch(body);
        if (key) {
            int fallback = *key == "logging trap" ? 6 : 7;
            bool* on = *key == "logging console" ? &s.console_on : *key == "logging monitor" ? &s.monitor_on : &s.trap_on;
            int* level = *key == "logging console" ? &s.console_level
                         : *key == "logging monitor" ? &s.monitor_level : &s.trap_level;
            if (negated) {
                *on = false;
                *level = fallback;
                continue;
            }
            // `logging console discriminator X` and other options: on, at the default level.
            *on = true;
            *level = switch_level(*rest_after(body, *key), fallback).value_or(fallback);
            continue;
        }
        if (negated) continue;
        if (auto rest = rest_after(body, "logging facility")) {
            if (auto f = parse_log_facility(*rest)) s.facility = *f;
        } else if (auto src = rest_after(body, "logging source-interface")) {
            if (grammar::parse_interface_name(*src)) s.source_interface = std::string(*src);
        } else if (auto host = rest_after(body, "logging host")) {
            auto h = parse_host(*host);
            if (h && std::find(s.hosts.begin(), s.hosts.end(), *h) == s.hosts.end()) s.hosts.push_back(*h);
        }
    }
    return s;
}

}  // namespace routerd::config
