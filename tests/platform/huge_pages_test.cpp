// platform::prefer_huge_pages: a large buffer advised before it is written is backed by huge
// pages when the kernel's THP mode allows it (madvise or always), read back from
// /proc/self/smaps; any buffer, aligned or not, large or small, is safe to advise.
#include <catch.hpp>

#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "platform/huge_pages.hpp"

namespace {

std::string thp_mode() {
    std::ifstream in("/sys/kernel/mm/transparent_hugepage/enabled");
    std::string text((std::istreambuf_iterator<char>(in)), {});
    auto open = text.find('['), close = text.find(']');
    return open == std::string::npos || close == std::string::npos ? "" : text.substr(open + 1, close - open - 1);
}

// The AnonHugePages of the mapping that holds `p`, in KB.
long huge_kb_at(const void* p) {
    std::ifstream in("/proc/self/smaps");
    auto at = reinterpret_cast<std::uintptr_t>(p);
    bool inside = false;
    for (std::string line; std::getline(in, line);) {
        std::uintptr_t lo = 0, hi = 0;
        char dash = 0;
        std::istringstream head(line);
        if (head >> std::hex >> lo >> dash >> hi && dash == '-' && line.find(':') > line.find(' ')) {
            inside = lo <= at && at < hi;
            continue;
        }
        if (inside && line.rfind("AnonHugePages:", 0) == 0) return std::stol(line.substr(14));
    }
    return -1;
}

}  // namespace

TEST_CASE("a large buffer advised before it is written gets huge pages where THP allows, none where it is off") {
    auto mode = thp_mode();
    INFO("transparent huge pages: " << mode);
    constexpr std::size_t size = 16u << 20;
    std::unique_ptr<char[]> buffer(new char[size]);  // over glibc's mmap threshold: a mapping of its own
    routerd::platform::prefer_huge_pages(buffer.get(), size);
    for (std::size_t i = 0; i < size; i += 4096) buffer[i] = 1;
    long huge = huge_kb_at(buffer.get() + size / 2);
    REQUIRE(huge >= 0);  // the mapping was found
    // The kernel may lack free huge pages at this moment; it had them for most of the 16 MB
    // on every run here, so one is enough to prove the advice reached it.
    if (mode == "madvise" || mode == "always") CHECK(huge >= 2048);
    else CHECK(huge == 0);
}

TEST_CASE("advising a small, unaligned or empty buffer changes nothing and is safe") {
    char small[100] = {};
    routerd::platform::prefer_huge_pages(small + 1, sizeof small - 1);
    routerd::platform::prefer_huge_pages(nullptr, 0);
    auto odd = std::make_unique<char[]>(3u << 20);
    routerd::platform::prefer_huge_pages(odd.get() + 7, (3u << 20) - 7);
    odd[0] = small[0] = 2;
    CHECK(odd[0] == 2);
}
