// Overloaded: a set of lambdas as one visitor for std::visit over the client's command and
// reply variants.
#pragma once

namespace firedrill::dash {

template <class... F>
struct Overloaded : F... {
  using F::operator()...;
};
template <class... F>
Overloaded(F...) -> Overloaded<F...>;

}  // namespace firedrill::dash
