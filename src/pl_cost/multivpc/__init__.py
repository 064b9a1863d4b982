"""Many VPCs: your own PrivateLink service against Transit Gateway, peering and VPC Lattice (`connect`),
interface endpoints in a hub VPC or in every VPC (`hub`), and one plan for an organisation's VPCs
(`organisation.plan_organisation`).

One package rather than three: `pl_cost.connect` and `pl_cost.hub` are the public functions, and a
subpackage of the same name would shadow them on the `pl_cost` module once imported. The modules are
layered (builders, then pricing and break-evens, then the questions, then rendering) and
import-linter checks that order.
"""
