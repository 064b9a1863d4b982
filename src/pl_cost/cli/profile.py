"""`pl-cost profile ...`: build a workload profile from evidence (filled in by the evidence issue)."""
