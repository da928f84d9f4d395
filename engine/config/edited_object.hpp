#pragma once
// Whether the object a configuration sub-mode edits still exists. Another session may remove
// it (`no crypto map M 10` from a second vty) while this one is still in its sub-mode; the
// lines typed after that must not go anywhere silently (engine/control/dispatcher.cpp).
#include <optional>
#include <string>

#include "engine/config/running_config.hpp"
#include "grammar/mode.hpp"

namespace routerd::config {

// How IOS would name the object of `frame` ("crypto map M 10", "interface Tunnel0") if it is
// gone; nullopt while it exists, and for modes that edit no removable object.
std::optional<std::string> removed_object(const RunningConfig& config, const grammar::ModeFrame& frame);

}  // namespace routerd::config
