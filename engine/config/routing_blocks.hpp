#pragma once
// The blocks and lines of IOS's routing protocols and routing policy: `router bgp`, `router
// ospf`, `route-map`, `ip prefix-list`, `ip community-list`, `ip as-path access-list` and an
// interface's `ip ospf`. FRR carries them out (engine/routing); here they are kept as IOS keeps
// them, so `show running-config` shows what IOS would and FRR is told exactly that:
// - a line typed in `address-family` (IOS's `(config-router-af)#`) or pasted indented under it
//   belongs to it; each family's lines end with `exit-address-family`, as IOS shows them;
// - `no X` removes the lines X begins in its context (`no neighbor 10.0.0.1` takes every line
//   of that neighbor); with nothing to remove it is kept (`no auto-summary`);
// - a single-valued line replaces its earlier value (`bgp router-id`, `neighbor A remote-as`,
//   `set local-preference`), as IOS shows only the last.
#include <string>
#include <string_view>
#include <utility>

#include "engine/config/stored_config.hpp"

namespace routerd::config {

// How deep a kept block's child line is indented (its leading blanks).
std::size_t child_depth(std::string_view child);

// A block FRR carries out: `router bgp N`, `router ospf N`, `route-map NAME ...`.
bool routing_block(std::string_view header);
// A global line FRR carries out (`ip prefix-list`, `ip community-list`, `ip as-path`).
bool routing_line(std::string_view text);
// An interface line FRR carries out (`ip ospf cost 10`).
bool routing_interface_line(std::string_view text);

// Adds `text` (no indentation) typed at `depth` (1 = the block's own level, 0 = typed
// interactively, without indentation) to a routing block; a line typed in IOS's
// `(config-router-af)#` names its `family` ("address-family ipv4"). Returns whether the block
// changed.
bool add_routing_child(StoredLine& block, std::string_view text, std::size_t depth, std::string_view family = {});

// The session's frame inside a family: the block's header and the family, one context.
std::string family_context(std::string_view header, std::string_view family);
// {header, family} of a frame's context ("" when not in a family).
std::pair<std::string, std::string> split_family_context(std::string_view context);

}  // namespace routerd::config
