"""`pl-cost recommend`, `init`, `schema`: profiles to plans (filled in by the recommender issue)."""
