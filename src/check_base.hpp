#pragma once

// Private to the library: how check_proposal (src/check.cpp) compares a proposal with the base.

#include "ftadvisor/check.hpp"

namespace ftadvisor {

// With a base in the policy: finds the proposal's own there (its `change.base`) and adds the
// cost-increase finding when its upper cost grew past the policy's max_increase. Before the
// waivers are applied, so that one may cover it.
void compare_with_base(ProposalCheck& check, const CheckPolicy& policy);

// Once the findings are final: what differs from the base, and so the change's kind.
void settle_change(ProposalCheck& check);

} // namespace ftadvisor
