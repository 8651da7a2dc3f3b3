"""The roadmap: per area below its target, the next step's missing new characteristics.

A step goes from the reached level to the next step (see scoring: levels that add nothing
new are reached with the level below them, so a step never ends at one of them)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Step:
    area: str
    from_level: int
    to_level: int
    deliverables: tuple  # keys of the next step's new characteristics not yet in place
    done: tuple  # keys already in place


def roadmap(areas, result, targets=None):
    """Steps for every area with a result that is below its target.

    areas: scoring.AreaModel in model order; result: scoring.Result; targets: area key ->
    target level (missing: the top level, i.e. every area that can still grow).
    """
    steps = []
    for area in areas:
        area_result = result.areas.get(area.key)
        if area_result is None:
            continue
        target = (targets or {}).get(area.key, area.top_level)
        if area_result.reached >= min(target, area.top_level):
            continue
        steps.append(
            Step(
                area=area.key,
                from_level=area_result.reached,
                to_level=area_result.reached + 1,
                deliverables=tuple(k for k in area_result.new_next if k not in area_result.ticked),
                done=area_result.ticked,
            )
        )
    return steps
