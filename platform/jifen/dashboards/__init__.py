"""Per-unit dashboard figures for the current period, kept up to date incrementally:
a unit is recomputed (with its superiors, whose figures cover their subtree) only when
something under it changed since its last computation."""
