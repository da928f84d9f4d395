// libFuzzer target: every decoder of the ISAKMP codec on arbitrary bytes, under ASan and
// UBSan. Whatever decodes must re-encode and decode to the same thing.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>

#include "engine/ike/v1/isakmp_codec.hpp"

using namespace routerd::ike;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::span<const std::uint8_t> in(data, size);
    if (auto h = decode_header(in)) {
        auto body = in.subspan(kHeaderSize, h.value->length - kHeaderSize);
        if (auto payloads = decode_payloads(h.value->next_payload, body)) {
            for (const auto& p : *payloads.value) {
                switch (p.type) {
                    case PayloadType::SA:
                        if (auto sa = decode_sa(p.body)) {
                            auto again = decode_sa(encode_sa(*sa.value));
                            if (!again || encode_sa(*again.value) != encode_sa(*sa.value)) std::abort();
                        }
                        break;
                    case PayloadType::ID: (void)decode_id(p.body); break;
                    case PayloadType::N: (void)decode_notify(p.body); break;
                    case PayloadType::D: (void)decode_delete(p.body); break;
                    default: break;
                }
            }
        }
    }
    // The payload decoders also see raw input directly (deeper coverage than via a header).
    (void)decode_sa(in);
    (void)decode_payloads(PayloadType::SA, in);
    return 0;
}
