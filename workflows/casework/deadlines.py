"""Due times of tasks and cases, computed through the working-day calendar."""


def recompute_provisional_deadlines(year: int) -> int:
    """Placeholder until the casework engine lands: nothing to recompute yet."""
    return 0
