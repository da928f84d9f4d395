#pragma once
// Reading FRR's JSON answers (vtysh `... json`) for the show renderers: lenient accessors that
// give a default where FRR left a field out, as it does for values it has none of.
#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace routerd::show::frr {

// Keeps FRR's key order (its peers and neighbors come in its own order).
using Json = nlohmann::ordered_json;

// Nothing for empty or malformed text (FRR prints nothing when the daemon has no instance).
std::optional<Json> parse(const std::string& text);
std::string str(const Json& j, const char* key, const std::string& fallback = "");
std::uint64_t num(const Json& j, const char* key, std::uint64_t fallback = 0);
bool flag(const Json& j, const char* key);
// A decimal number written by FRR ("24" of "10.0.0.0/24"); nothing for anything else.
std::optional<std::uint64_t> to_number(const std::string& text);
// Dotted quad to host order; nothing for anything else.
std::optional<std::uint32_t> parse_ipv4(const std::string& text);

}  // namespace routerd::show::frr
