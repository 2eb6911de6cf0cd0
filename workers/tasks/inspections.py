from workers.app import app


@app.task(name="inspections.recompute_risk_grades", ignore_result=True, acks_late=True)
def recompute_risk_grades_task(subject_ids: list[int], reason: str = "recomputed") -> int:
    """Idempotent: recomputing a grade twice gives the same grade (and no second change)."""
    from jifen.inspections.services import risk_grades_recompute

    return risk_grades_recompute(subject_ids=subject_ids, reason=reason)
