#include "algorithms/dh_groups.hpp"

namespace routerd::algorithms {
namespace {

constexpr DhGroup kGroups[] = {
    {1, DhKind::MODP, 96, "Diffie-Hellman group 1 (768 bit)", "D-H Group1 (768-bit modulus)", "#1 (768 bit)", "modp768"},
    {14, DhKind::MODP, 256, "Diffie-Hellman group 14 (2048 bit)", "D-H Group14 (2048-bit modulus)", "#14 (2048 bit)", "modp2048"},
    {15, DhKind::MODP, 384, "Diffie-Hellman group 15 (3072 bit)", "D-H Group15 (3072-bit modulus)", "#15 (3072 bit)", "modp3072"},
    {16, DhKind::MODP, 512, "Diffie-Hellman group 16 (4096 bit)", "D-H Group16 (4096-bit modulus)", "#16 (4096 bit)", "modp4096"},
    {19, DhKind::ECP, 64, "Diffie-Hellman group 19 (256 bit ecp)", "D-H Group19 (256-bit elliptic curve)", "#19 (256 bit ecp)", "ecp256"},
    {2, DhKind::MODP, 128, "Diffie-Hellman group 2 (1024 bit)", "D-H Group2 (1024-bit modulus)", "#2 (1024 bit)", "modp1024"},
    {20, DhKind::ECP, 96, "Diffie-Hellman group 20 (384 bit ecp)", "D-H Group20 (384-bit elliptic curve)", "#20 (384 bit ecp)", "ecp384"},
    {21, DhKind::ECP, 132, "Diffie-Hellman group 21 (521 bit ecp)", "D-H Group21 (521-bit elliptic curve)", "#21 (521 bit ecp)", "ecp521"},
    {24, DhKind::MODP_PRIME_ORDER_SUBGROUP, 256, "Diffie-Hellman group 24 (2048 bit, 256 bit subgroup)",
     "D-H Group24 (2048-bit modulus & 256-bit subgroup)", "#24 (2048 bit, 256 bit subgroup)", "modp2048s256"},
    {5, DhKind::MODP, 192, "Diffie-Hellman group 5 (1536 bit)", "D-H Group5 (1536-bit modulus)", "#5 (1536 bit)", "modp1536"},
};

}  // namespace

std::span<const DhGroup> dh_groups() { return kGroups; }

const DhGroup* dh_group(int number) {
    for (const auto& g : kGroups)
        if (g.number == number) return &g;
    return nullptr;
}

}  // namespace routerd::algorithms
