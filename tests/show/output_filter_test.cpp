#include <catch.hpp>

#include <string>

#include "engine/show/output_filter.hpp"

using namespace routerd;
using grammar::CommandId;

namespace {

std::string include(const std::string& regex, const std::string& text) {
    auto out = show::filter_output(CommandId::PipeInclude, regex, text);
    REQUIRE(out);
    return *out;
}

}  // namespace

TEST_CASE("| include with a 100000-character expression answers instead of overflowing the stack") {
    // std::regex compiled this recursively, one frame per character: routerd died of it.
    // (A pattern this long against a line this long would cost RE2 their product: 36 s for
    // 100,000 x 100,000 characters. routerd never sees it: a command line ends at 4,096.)
    std::string huge(100000, 'a');
    std::string version = "Cisco IOS Software\nROM: System Bootstrap\n";
    auto out = show::filter_output(CommandId::PipeInclude, huge, version);
    REQUIRE(out);
    CHECK(out->empty());
    CHECK(include(huge + "|Bootstrap", version) == "ROM: System Bootstrap\n");
    // Alternations and groups as deep as the line allows: compiled or refused, never a crash.
    std::string nested(30000, '(');
    CHECK_FALSE(show::filter_output(CommandId::PipeInclude, nested, "x\n"));
    std::string alternatives;
    for (int i = 0; i < 10000; ++i) alternatives += "ab|";
    alternatives += "zz";
    CHECK(include(alternatives, "xzzy\nnothing\n") == "xzzy\n");
}

TEST_CASE("| include .*x over a 200000-character line runs in linear time") {
    // The line `access-list 100 remark <200 KB>` once made regex_search overflow the stack.
    std::string line = " remark " + std::string(200000, 'y') + "x";
    std::string text = "access-list 100\n" + line + "\n";
    CHECK(include(".*x", text) == line + "\n");
    CHECK(include("(y|yy)+z", text).empty());  // exponential for a backtracking engine
    auto count = show::filter_output(CommandId::PipeCount, "(y*)*x", text);
    REQUIRE(count);
    CHECK(*count == "Number of lines which match regexp = 1\n");
}

TEST_CASE("IOS's _ matches a comma or brace or parenthesis or space or the start or end of the line") {
    std::string text =
        "router bgp 65000\n"
        " neighbor 1.1.1.1 remote-as 650001\n"
        " set as-path prepend (65000)\n"
        "65000,1\n"
        "x{65000}\n"
        "as65000\n"
        "65000_tag\n";
    CHECK(include("_65000_", text) == "router bgp 65000\n set as-path prepend (65000)\n65000,1\nx{65000}\n");
    CHECK(include("^router_bgp_", text) == "router bgp 65000\n");
    // Escaped, or in brackets, an underscore is itself.
    CHECK(include("65000\\_tag", text) == "65000_tag\n");
    CHECK(include("[_]tag", text) == "65000_tag\n");
}

TEST_CASE("POSIX extended expressions keep working as they did") {
    std::string text = "interface Loopback0\n ip address 1.1.1.1 255.255.255.255\n description a]b\\c\n!\n";
    CHECK(include("^interface|ip address", text) == "interface Loopback0\n ip address 1.1.1.1 255.255.255.255\n");
    CHECK(include("[[:digit:]]{3}\\.255", text) == " ip address 1.1.1.1 255.255.255.255\n");
    CHECK(include("a[]]b", text) == " description a]b\\c\n");
    CHECK(include("b[\\]c", text) == " description a]b\\c\n");  // POSIX: a backslash in brackets is itself
    CHECK(include("Loop.ack0", text) == "interface Loopback0\n");
    CHECK(include("loopback", text).empty());  // IOS's expressions are case-sensitive
    CHECK_FALSE(show::filter_output(CommandId::PipeInclude, "[", text));

    auto section = show::filter_output(CommandId::PipeSection, "address", text);
    REQUIRE(section);
    CHECK(*section == "interface Loopback0\n ip address 1.1.1.1 255.255.255.255\n description a]b\\c\n");
    auto begin = show::filter_output(CommandId::PipeBegin, "^!", text);
    REQUIRE(begin);
    CHECK(*begin == "!\n");
    auto exclude = show::filter_output(CommandId::PipeExclude, "^ ", text);
    REQUIRE(exclude);
    CHECK(*exclude == "interface Loopback0\n!\n");
}
