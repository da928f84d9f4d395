#include "engine/show/frr_json.hpp"

#include <cstdio>

namespace routerd::show::frr {

std::optional<Json> parse(const std::string& text) {
    auto j = Json::parse(text, nullptr, false);
    if (j.is_discarded()) return std::nullopt;
    return j;
}

std::string str(const Json& j, const char* key, const std::string& fallback) {
    if (!j.is_object()) return fallback;
    auto it = j.find(key);
    if (it == j.end()) return fallback;
    if (it->is_string()) return it->get<std::string>();
    if (it->is_number() || it->is_boolean()) return it->dump();
    return fallback;
}

std::uint64_t num(const Json& j, const char* key, std::uint64_t fallback) {
    if (!j.is_object()) return fallback;
    auto it = j.find(key);
    if (it == j.end()) return fallback;
    if (it->is_number_unsigned()) return it->get<std::uint64_t>();
    if (it->is_number_integer()) {
        auto v = it->get<std::int64_t>();
        return v < 0 ? fallback : static_cast<std::uint64_t>(v);
    }
    if (it->is_number_float()) return static_cast<std::uint64_t>(it->get<double>());
    return fallback;
}

bool flag(const Json& j, const char* key) {
    if (!j.is_object()) return false;
    auto it = j.find(key);
    return it != j.end() && ((it->is_boolean() && it->get<bool>()) || (it->is_string() && *it == "true"));
}

std::optional<std::uint64_t> to_number(const std::string& text) {
    if (text.empty() || text.size() > 19 || text.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
    return std::stoull(text);
}

std::optional<std::uint32_t> parse_ipv4(const std::string& text) {
    unsigned a, b, c, d;
    char tail;
    if (std::sscanf(text.c_str(), "%3u.%3u.%3u.%3u%c", &a, &b, &c, &d, &tail) != 4) return std::nullopt;
    if (a > 255 || b > 255 || c > 255 || d > 255) return std::nullopt;
    return (a << 24) | (b << 16) | (c << 8) | d;
}

}  // namespace routerd::show::frr
