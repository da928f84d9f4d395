// A careless user at the configuration prompt (issue: reliability): lines from the public
// configurations of tests/corpus, cut short, with bytes inserted or replaced (control bytes,
// NUL, DEL, high bytes), words dropped or doubled, and plain garbage. Whatever comes, each line
// is answered, no control byte is echoed raw or stored, and the running-config that results is
// a fixpoint: pasted into a fresh router it gives back the same running-config, so nothing the
// first router kept is lost or misplaced on the way.
#include <catch.hpp>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "tests/support/dispatcher_cli.hpp"
#include "tests/support/running_config_text.hpp"

using namespace routerd;

namespace {

std::vector<std::string> corpus_lines() {
    std::vector<std::string> lines;
    std::vector<std::filesystem::path> files;
    for (const auto& e : std::filesystem::directory_iterator(ROUTERD_CORPUS_DIR)) files.push_back(e.path());
    std::sort(files.begin(), files.end());  // the same lines in the same order on every machine
    for (const auto& f : files) {
        std::ifstream in(f);
        for (std::string l; std::getline(in, l);)
            if (!l.empty()) lines.push_back(l);
    }
    return lines;
}

std::string mangle(std::string line, std::mt19937& rng) {
    auto pick = [&](std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n)(rng); };
    switch (pick(6)) {
        case 0: return line;
        case 1: return line.substr(0, pick(line.size()));  // cut short
        case 2: line.insert(pick(line.size()), 1, static_cast<char>(pick(255))); return line;
        case 3:
            if (!line.empty()) line[pick(line.size() - 1)] = static_cast<char>(pick(31));  // a control byte
            return line;
        case 4: {  // a word dropped or doubled
            std::istringstream words(line);
            std::vector<std::string> w;
            for (std::string x; words >> x;) w.push_back(x);
            if (w.empty()) return line;
            auto i = pick(w.size() - 1);
            if (pick(1)) w.erase(w.begin() + static_cast<std::ptrdiff_t>(i));
            else w.insert(w.begin() + static_cast<std::ptrdiff_t>(i), w[i]);
            std::string out(line.find_first_not_of(' ') == std::string::npos ? 0 : line.find_first_not_of(' '), ' ');
            for (std::size_t k = 0; k < w.size(); ++k) out += (k ? " " : "") + w[k];
            return out;
        }
        case 5: {  // garbage
            std::string g(pick(300), ' ');
            for (auto& c : g) c = static_cast<char>(pick(255));
            return g;
        }
        default: {  // ? in the middle (IOS's help, typed as a character in a paste)
            line.insert(pick(line.size()), "?");
            return line;
        }
    }
}

// For messages: control and high bytes as \xNN.
std::string escaped(const std::string& text) {
    std::string out;
    for (char c : text) {
        auto u = static_cast<unsigned char>(c);
        if ((u < 0x20 && c != '\n') || u >= 0x7f) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\x%02x", u);
            out += buf;
        } else {
            out += c;
        }
    }
    return out;
}

// What a terminal would act on: C0 controls but LF and TAB, DEL, and bytes outside well-formed
// UTF-8 (C1 controls to a Latin-1 terminal). Written apart from routerd's own check on purpose.
bool has_raw_control(const std::string& text) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        auto u = static_cast<unsigned char>(text[i]);
        if ((u < 0x20 && u != '\n' && u != '\t') || u == 0x7f) return true;
        if (u < 0x80) continue;
        int n = (u & 0xe0) == 0xc0 ? 1 : (u & 0xf0) == 0xe0 ? 2 : (u & 0xf8) == 0xf0 ? 3 : -1;
        if (n < 0 || u == 0xc0 || u == 0xc1 || u > 0xf4) return true;
        for (int k = 1; k <= n; ++k)
            if (i + static_cast<std::size_t>(k) >= text.size() || (static_cast<unsigned char>(text[i + static_cast<std::size_t>(k)]) & 0xc0) != 0x80)
                return true;
        i += static_cast<std::size_t>(n);
    }
    return false;
}


bool in_config(const std::string& prompt) { return prompt.find("(config") != std::string::npos; }

}  // namespace

TEST_CASE("10,000 mangled lines: each answered, no control byte echoed or kept, and the result reloads to itself") {
    auto lines = corpus_lines();
    REQUIRE(lines.size() > 5000);
    std::mt19937 rng(20261206);
    test::DispatcherCli first;
    auto r = first.dispatcher.line(first.s, "configure terminal");
    for (int i = 0; i < 10000; ++i) {
        auto line = mangle(lines[std::uniform_int_distribution<std::size_t>(0, lines.size() - 1)(rng)], rng);
        INFO("line " << i << ": " << escaped(line));
        r = first.dispatcher.line(first.s, line);
        INFO("answer: " << escaped(r.output));
        REQUIRE_FALSE(has_raw_control(r.output));
        if (!in_config(r.prompt) && !(r.flags & (protocol::Reply::kNoEcho | protocol::Reply::kLogin)))
            r = first.dispatcher.line(first.s, "configure terminal");
    }
    first.dispatcher.line(first.s, "end");
    auto running = first.run("show running-config");
    CHECK_FALSE(has_raw_control(running));
    REQUIRE(running.find("\nend\n") != std::string::npos);

    test::DispatcherCli second;
    second.run("configure terminal");
    std::string complaints;
    std::istringstream paste(running);
    for (std::string l; std::getline(paste, l);) {
        auto out = second.run(l);
        if (!out.empty()) complaints += l + "\n" + out;
    }
    second.run("end");
    INFO("what the second router said of the first one's running-config:\n" << complaints);
    CHECK(test::stable_running_config(second.run("show running-config")) == test::stable_running_config(running));
}

TEST_CASE("a control byte gets the caret under it; well-formed UTF-8 is text; a banner drops what a terminal would act on") {
    test::DispatcherCli cli;
    cli.run("configure terminal");
    // An escape sequence smuggled into the hostname would reach every prompt. The caret: under
    // the ESC, counted from the start of "Router(config)#".
    CHECK(cli.run("hostname R\x1b[31m1") == std::string(15 + 10, ' ') + "^\n% Invalid input detected at '^' marker.\n\n");
    CHECK(cli.run("snmp-server location \x9b" "31m") != "");
    CHECK(cli.run("interface Loopback1") == "");
    CHECK(cli.run(" description caf\xc3\xa9 \xe2\x82\xac") == "");
    CHECK(cli.run("banner motd #") != "");
    CHECK(cli.run("Welcome\x1b]0;owned\x07 here") == "");
    CHECK(cli.run("#") == "");
    cli.run("end");
    auto running = cli.run("show running-config");
    CHECK(running.find("hostname Router\n") != std::string::npos);
    CHECK(running.find("location") == std::string::npos);
    CHECK(running.find(" description caf\xc3\xa9 \xe2\x82\xac\n") != std::string::npos);
    CHECK(running.find("Welcome]0;owned here") != std::string::npos);
    CHECK_FALSE(has_raw_control(running));
}
