#pragma once
// A message of our own payloads over an IKEv1 SA, encrypted under its phase 1 keys, as an
// authenticated but hostile (or simply scripted) peer would send it: for tests and the exchange
// fuzzer, which write what the engine's exchanges never would.
#include <vector>

#include "engine/ike/v1/context.hpp"
#include "engine/ike/v1/ike_keys.hpp"
#include "engine/ike/v1/message.hpp"

namespace routerd::test {

// HDR*, [HASH(1),] payloads over `sa` in `exchange` with message ID `mid`. With `with_hash`, the
// first payload is made HASH(1) = prf(SKEYID_a, M-ID | the payloads after it) (RFC 2409 5.5,
// 5.7); its IV chains from phase 1's last block (RFC 2409 Appendix B).
inline void send_encrypted(ike::v1::Context& ctx, ike::IkeSa& sa, ike::ExchangeType exchange, std::uint32_t mid,
                           std::vector<ike::Payload> payloads, bool with_hash) {
    if (with_hash) {
        payloads.insert(payloads.begin(), {ike::PayloadType::HASH, {}});
        payloads[0].body = ike::prf(sa.hash, sa.keys.skeyid_a,
                                    ike::v1::cat({ike::v1::be32(mid), ike::encode_payloads({payloads.begin() + 1, payloads.end()})}));
    }
    if (payloads.empty()) return;
    ike::Bytes iv = ike::exchange_iv(sa.hash, sa.last_phase1_block, mid, ike::block_size(sa.cipher));
    ike::v1::send(ctx, sa, ike::v1::header_for(sa, exchange, payloads.front().type, mid), payloads, true, &iv);
}

}  // namespace routerd::test
