#pragma once
// A value kept out of line, for fields that most objects leave empty in objects kept by the
// ten thousand (an access list's entries): the object carries one pointer instead of the value.
// Copies copy the value (as C++26's std::indirect); an unset one reads as T{}.
#include <memory>

namespace routerd::config {

template <typename T>
class OutOfLine {
public:
    OutOfLine() = default;
    OutOfLine(const OutOfLine& o) : p_(o.p_ ? std::make_unique<T>(*o.p_) : nullptr) {}
    OutOfLine(OutOfLine&&) noexcept = default;
    OutOfLine& operator=(const OutOfLine& o) {
        if (this != &o) p_ = o.p_ ? std::make_unique<T>(*o.p_) : nullptr;
        return *this;
    }
    OutOfLine& operator=(OutOfLine&&) noexcept = default;
    ~OutOfLine() = default;

    const T& get() const {
        static const T unset{};
        return p_ ? *p_ : unset;
    }
    T& edit() {
        if (!p_) p_ = std::make_unique<T>();
        return *p_;
    }
    bool operator==(const OutOfLine& o) const { return get() == o.get(); }

private:
    std::unique_ptr<T> p_;
};

}  // namespace routerd::config
