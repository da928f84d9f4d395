#include "engine/config/apply.hpp"

namespace routerd::config {

std::optional<ApplyResult> apply(ApplyContext& ctx) {
    if (auto r = apply_global(ctx)) return r;
    if (auto r = apply_interface(ctx)) return r;
    if (auto r = apply_crypto(ctx)) return r;
    if (auto r = apply_crypto_map(ctx)) return r;
    if (auto r = apply_ikev2(ctx)) return r;
    if (auto r = apply_acl(ctx)) return r;
    if (auto r = apply_ssh(ctx)) return r;
    if (auto r = apply_stored(ctx)) return r;
    return apply_line(ctx);
}

}  // namespace routerd::config
