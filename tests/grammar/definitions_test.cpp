#include <catch.hpp>

#include "grammar/command_table.hpp"
#include "grammar/matcher.hpp"

using namespace routerd::grammar;

TEST_CASE("every definition compiles and every listed token has help") {
    CommandTable t(all_commands());
    for (Mode mode : {Mode::UserExec, Mode::PrivExec, Mode::Config, Mode::ConfigIf, Mode::ConfigLine,
                      Mode::ConfigIsakmp, Mode::CfgCryptoTrans, Mode::ConfigCryptoMap, Mode::IpsecProfile,
                      Mode::ConfigExtNacl, Mode::ConfigStdNacl, Mode::ConfIsaProf, Mode::ConfKeyring,
                      Mode::OutputModifier}) {
        const auto& cmds = t.commands(mode);
        REQUIRE_FALSE(cmds.empty());
        // Walk each command's keyword path and check the listing at every step.
        for (const auto& c : cmds) {
            std::string line;
            auto listing = help(cmds, line);
            for (const auto& e : listing.entries) {
                INFO("mode " << static_cast<int>(mode) << " token " << e.token);
                CHECK_FALSE(e.help.empty());
            }
            for (const auto& a : split_words(c.def->syntax)) {
                if (a.text.find_first_of("[{<|") != std::string_view::npos || a.text == "WORD" ||
                    a.text == "LINE" || a.text == "A.B.C.D" || a.text == "IFNAME")
                    break;
                line += std::string(a.text) + " ";
                auto next = help(cmds, c.form == Form::Set ? line : (c.form == Form::No ? "no " : "default ") + line);
                for (const auto& e : next.entries) {
                    INFO("after '" << line << "' token " << e.token);
                    CHECK_FALSE(e.help.empty());
                }
            }
        }
    }
}

TEST_CASE("malformed syntax strings are refused at start-up") {
    CHECK_THROWS(CommandTable({{Mode::Config, CommandId::Version, "a [b", {"x", "y"}}}));
    CHECK_THROWS(CommandTable({{Mode::Config, CommandId::Version, "a NAME", {"x", "y"}}}));
    CHECK_THROWS(CommandTable({{Mode::Config, CommandId::Version, "a b", {"x"}}}));
    CHECK_THROWS(CommandTable({{Mode::Config, CommandId::Version, "a LINE b", {"x", "y", "z"}}}));
}
