"""`PlanRejected`: why a model's proposed plan is not used (shared by the planner's checks)."""


class PlanRejected(ValueError):
    """Why a proposed plan is not used (the deterministic plan is, and says so)."""
