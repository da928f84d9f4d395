#pragma once
// PacketFilter on nftables (libnftables): one table of routerd's own, `ip routerd`, in the
// network namespace routerd runs in, replaced in one transaction. Other tables (the host's
// firewall, anything else) are never read or changed.
#include <memory>

#include "platform/packet_filter.hpp"

struct nft_ctx;

namespace routerd::platform {

class NftPacketFilter final : public PacketFilter {
public:
    NftPacketFilter();
    ~NftPacketFilter() override;
    std::optional<std::string> replace(const FilterRuleset& ruleset) override;
    std::map<std::string, std::uint64_t> matches() override;
    std::vector<NatTranslation> nat_translations() override;
    std::optional<std::string> clear_nat_translations() override;

    // The nft script `replace` runs (exposed for tests and `debug`).
    static std::string script(const FilterRuleset& ruleset);

private:
    struct CtxDel {
        void operator()(nft_ctx* c) const;
    };
    std::unique_ptr<nft_ctx, CtxDel> ctx_;
    bool installed_ = false;
};

}  // namespace routerd::platform
