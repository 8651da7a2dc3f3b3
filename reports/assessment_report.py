"""The per-area part of the assessment report: the counted answer and where it came from,
the respondents' levels (counts only when anonymous), the comments folded with an appendix
holding them whole, and the team's actions for the area. A fixed number of queries: the
agreed answers and the team's actions are read once for all areas."""

from __future__ import annotations

from typing import TYPE_CHECKING

from assessments.models import AgreedAnswer
from assessments.templatetags.assessment_tags import fold
from plans import follow_up

if TYPE_CHECKING:
    from assessments.models import Assessment
    from assessments.responses import Responses
    from assessments.scoring import Result
    from assessments.selectors import ModelDisplay

# An area's page shows the start of each comment; the appendix has it whole.
FOLD_AT = 200


def area_sections(
    assessment: Assessment, display: ModelDisplay, result: Result, said: Responses
) -> tuple[list[dict], list[dict]]:
    """(areas, appendix): one dict per area in model order, and one appendix section
    ("A1", "A2", …) per area with comments, evidence links or a long note, in the same order.
    Two queries (agreed answers, actions); `result` and `said` are the caller's."""
    agreed = {
        a.area.key: a
        for a in AgreedAnswer.objects.filter(assessment=assessment).select_related(
            "area", "agreed_by"
        )
    }
    # Anonymous: no owner and no "done by" either, like the answering page.
    actions = follow_up.actions_by_area(
        assessment.team, model=display.model, names=not said.anonymous
    )
    areas, appendix = [], []
    for key, area in display.areas.items():
        area_result, area_said = result.areas.get(key), said.areas[key]
        remarks = _remarks(said.anonymous, area_said)
        note = agreed[key].note if key in agreed else ""
        note_short, note_rest = fold(" ".join(note.split()), FOLD_AT)
        section = None
        if remarks or note_rest:
            section = len(appendix) + 1
            appendix.append({"number": section, "area": area, "remarks": remarks, "note": note})
        cells = dict((level.number, items) for level, items in display.cells(area))
        areas.append(
            {
                "area": area,
                "result": area_result,
                "level": display.levels.get(area_result.reached) if area_result else None,
                "counted": display.levels.get(area_result.level) if area_result else None,
                "characteristics": cells.get(area_result.level, []) if area_result else [],
                "ticked": display.texts(area_result.ticked) if area_result else [],
                # Who agreed is a name: left out when anonymous (the facilitator often answered).
                "agreed": agreed.get(key),
                "agreed_by": None if said.anonymous or key not in agreed else agreed[key].agreed_by,
                "note": note_short,
                "note_folded": bool(note_rest),
                "respondents": [
                    (answer.respondent, display.levels.get(answer.level))
                    for answer in area_said.answers
                ],
                "counts": area_said.chosen,
                "remarks": remarks,
                "evidence_count": sum(len(r["evidence"]) for r in remarks),
                "appendix": section,
                "actions": actions.get(key, []),
            }
        )
    return areas, appendix


def _remarks(anonymous: bool, area_said) -> list[dict]:
    """What the respondents wrote about one area: [{"who", "comment", "short", "folded",
    "evidence"}]. Anonymous: "who" is None, the comments and the evidence links apart and
    sorted (as responses.py gives them), so that neither tells who wrote what."""
    if anonymous:
        written = [(None, comment, ()) for comment in area_said.comments]
        if area_said.evidence:
            written.append((None, "", area_said.evidence))
    else:
        written = [
            (answer.respondent, answer.comment, answer.evidence)
            for answer in area_said.answers
            if answer.comment or answer.evidence
        ]
    remarks = []
    for who, comment, evidence in written:
        # The first line(s): line breaks become spaces so that the start reads as one line.
        short, rest = fold(" ".join(comment.split()), FOLD_AT)
        remarks.append(
            {
                "who": who,
                "comment": comment,
                "short": short,
                "folded": bool(rest),
                "evidence": tuple(evidence),
            }
        )
    return remarks
