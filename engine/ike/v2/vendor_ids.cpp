#include "engine/ike/v2/vendor_ids.hpp"

#include <array>
#include <string_view>

namespace routerd::ike::v2 {
namespace {

constexpr std::string_view kDeleteReason = "CISCO-DELETE-REASON";
constexpr std::string_view kCopyright = "CISCO(COPYRIGHT)&Copyright (c) 2009 Cisco Systems, Inc.";
constexpr std::string_view kFlexVpn = "FLEXVPN-SUPPORTED";
constexpr std::array<std::uint8_t, 16> kFragmentation{0x40, 0x48, 0xb7, 0xd5, 0x6e, 0xbc, 0xe8, 0x85,
                                                      0x25, 0xe7, 0xde, 0x7f, 0x00, 0xd6, 0xc2, 0xd3};
// MD5("strongSwan"), as strongSwan sends it when configured to.
constexpr std::array<std::uint8_t, 16> kStrongSwan{0x88, 0x2f, 0xe5, 0x6d, 0x6f, 0xd2, 0x0d, 0xbc,
                                                   0x22, 0x51, 0x61, 0x3b, 0x2e, 0xbe, 0x5b, 0xeb};

Payload vendor(std::string_view text) { return {PayloadType::VENDOR, false, Bytes(text.begin(), text.end())}; }

}  // namespace

std::vector<Payload> cisco_vendor_ids() { return {vendor(kDeleteReason), vendor(kCopyright), vendor(kFlexVpn)}; }

Payload cisco_fragmentation_vendor_id() { return {PayloadType::VENDOR, false, Bytes(kFragmentation.begin(), kFragmentation.end())}; }

std::optional<std::string> vendor_id_name(const Bytes& body) {
    std::string_view text(reinterpret_cast<const char*>(body.data()), body.size());
    for (auto known : {kDeleteReason, kCopyright, kFlexVpn, std::string_view("CISCO-GRE-MODE"), std::string_view("CISCO-DYNAMIC-ROUTE")})
        if (text == known) return std::string(known);
    if (Bytes(kFragmentation.begin(), kFragmentation.end()) == body) return "FRAGMENTATION (Cisco)";
    if (Bytes(kStrongSwan.begin(), kStrongSwan.end()) == body) return "strongSwan";
    return std::nullopt;
}

}  // namespace routerd::ike::v2
