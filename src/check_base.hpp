#pragma once

// Private to the library: how check_proposal (src/check.cpp) compares a proposal with the base.

#include "ftadvisor/check.hpp"

namespace ftadvisor {

// The cost-increase finding, when the proposal's upper cost grew past `limit` over `base`'s
// (null: the proposal is new). Before the waivers are applied, so that one may cover it.
void add_cost_increase(ProposalCheck& check, const BaseProposal* base, const IncreaseLimit& limit);

// Once the findings are final: what differs from `base` (null: the proposal is new), and so
// the change's kind.
void set_change(ProposalCheck& check, const BaseProposal* base);

} // namespace ftadvisor
