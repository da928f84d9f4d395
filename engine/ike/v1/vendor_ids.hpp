#pragma once
// The vendor IDs we send and look for.
#include <vector>

#include "engine/ike/v1/isakmp_codec.hpp"

namespace routerd::ike::v1 {

// RFC 3706 2.1: the DPD vendor ID (its last two octets are the version; we match the first 16).
inline const Bytes kDpdVendorId{0xaf, 0xca, 0xd7, 0x13, 0x68, 0xa1, 0xf1, 0xc9, 0x6b, 0x86, 0x96, 0xfc, 0x77, 0x57, 0x01, 0x00};
// RFC 3947 3: the NAT-T vendor ID (MD5 of "RFC 3947").
inline const Bytes kNatTVendorId{0x4a, 0x13, 0x1c, 0x81, 0x07, 0x03, 0x58, 0x45, 0x5c, 0x57, 0x28, 0xf2, 0x0e, 0x95, 0x45, 0x2f};

inline bool has_vid(const std::vector<Payload>& ps, const Bytes& vid) {
    for (const auto& p : ps)
        if (p.type == PayloadType::VID && p.body == vid) return true;
    return false;
}

inline bool has_dpd_vid(const std::vector<Payload>& ps) {
    for (const auto& p : ps)
        if (p.type == PayloadType::VID && p.body.size() >= 16 && Bytes(p.body.begin(), p.body.begin() + 16) == kDpdVendorId)
            return true;
    return false;
}

}  // namespace routerd::ike::v1
