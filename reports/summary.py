"""Page 1 of every report: an executive summary of figures the report already has, and three
sentences generated from them in the reader's language.

Each function takes what its report's context builder has computed (dashboards.selectors,
dashboards.rounds, plans.gaps) and adds only what is missing, in a fixed number of queries:
the organisation's summary at most four (rounds, completion, the earlier median), the team's
two (targets, open actions), the assessment's none.
"""

from __future__ import annotations

import statistics
from collections import Counter
from datetime import date, timedelta

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from assessments import scoring
from assessments import selectors as assessment_selectors
from assessments.templatetags.assessment_tags import score as shown
from assessments.templatetags.assessment_tags import signed
from dashboards import rounds as dashboard_rounds
from dashboards import selectors as dashboards
from dashboards.history import TeamHistory, shown_targets
from dashboards.selectors import Filters
from plans.models import Action

TOP_GAPS = 5  # the most common gaps over all areas
NAMES_SHOWN = 5  # teams below target named on page 1; the report's table has all


def _low_levels(levels: list) -> list:
    """The two lowest levels of the model: "at level 0 or 1"."""
    return levels[:2]


def _quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def _quarter_label(day: date) -> str:
    return f"{day.year} Q{(day.month - 1) // 3 + 1}"


def _median(scores) -> float | None:
    scores = [s for s in scores if s is not None]
    return statistics.median(scores) if scores else None


def organisation_summary(organisation, figures: dict, round_=None, today: date | None = None):
    """The organisation's (or, with `round_`, the round's) page 1, from the figures of
    reports.contexts._figures (teams, levels, distribution, below_target, gaps, model) and,
    for a round, its `completion`."""
    model = figures["model"]
    levels = [named.item for named in figures["levels"]]
    teams = [team for team, _values in figures["teams"]]
    assessed = [t for t in teams if t.latest_id]
    dates = [t.latest_date for t in assessed if t.latest_date]
    distribution = [
        {
            "dimension": dimension,
            "counts": list(zip(levels, counts, strict=True)),
            "teams": sum(counts),
            "low": sum(counts[: len(_low_levels(levels))]),
        }
        for dimension, counts in figures["distribution"]
    ]
    median = _median(t.latest_score for t in assessed)
    rounds = list(dashboard_rounds.organisation_rounds(organisation).select_related("model"))
    previous_label, previous_median = _earlier_median(organisation, model, round_, rounds, today)
    if round_ is not None:
        current, completion = round_, figures["completion"]
    else:
        current = dashboard_rounds.current_round(rounds, today)
        completion = dashboard_rounds.completion(current) if current else None
    # Team names, each once, in the order of the report's table (by name).
    below = list(dict.fromkeys(name for _slug, name, *_rest in figures["below_target"]))
    gaps = figures["gaps"]
    # Most common first over all areas; ties keep the model's order (the sort is stable).
    top_gaps = sorted(
        ((area.area, gap) for area in gaps.areas for gap in area.gaps),
        key=lambda pair: -pair[1].teams,
    )[:TOP_GAPS]
    summary = {
        "teams": len(teams),
        "assessed": len(assessed),
        "first_date": min(dates) if dates else None,
        "last_date": max(dates) if dates else None,
        "levels": levels,
        "distribution": distribution,
        "median": median,
        "previous_label": previous_label,
        "change": scoring.difference(median, previous_median)
        if previous_median is not None
        else None,
        "below_target": len(below),
        "below_names": below[:NAMES_SHOWN],
        "below_more": max(len(below) - NAMES_SHOWN, 0),
        "gaps": top_gaps,  # [(area, plans.gaps.Gap)]
        "gap_teams": gaps.teams,
        "round": current,
        "completion": completion,
    }
    summary["sentences"] = _organisation_sentences(summary)
    return summary


def _earlier_median(organisation, model, round_, rounds, today):
    """(label, median) to compare with: the previous round of the model (for a round's
    report), else the teams' latest results at the end of the previous quarter (the quarter
    before the round's, for a round without a previous one). One query, through the
    dashboards' teams_with_latest."""
    if round_ is not None:
        earlier = [
            r for r in rounds if r.model_id == round_.model_id and r.opens_on < round_.opens_on
        ]
        if earlier:
            filters = Filters(model=model, round=earlier[0])
            label = earlier[0].label
        else:
            end = _quarter_start(round_.opens_on) - timedelta(days=1)
            filters, label = Filters(model=model, end=end), _quarter_label(end)
    else:
        end = _quarter_start(today or date.today()) - timedelta(days=1)
        filters, label = Filters(model=model, end=end), _quarter_label(end)
    scores = dashboards.teams_with_latest(organisation, filters).values_list(
        "latest_score", flat=True
    )
    median = _median(scores)
    return (label, median) if median is not None else (None, None)


def _organisation_sentences(summary: dict) -> list[str]:
    sentences = []
    levels = _low_levels(summary["levels"])
    rows = [row for row in summary["distribution"] if row["teams"]]
    if rows and len(levels) == 2:
        # The weakest dimension: the largest share of teams at the two lowest levels.
        weakest = max(rows, key=lambda row: row["low"] / row["teams"])
        values = {
            "dimension": weakest["dimension"].name,
            "count": weakest["low"],
            "teams": weakest["teams"],
            "low": levels[0].number,
            "low_name": levels[0].name,
            "next": levels[1].number,
            "next_name": levels[1].name,
        }
        if weakest["low"]:
            sentences.append(
                ngettext(
                    "%(dimension)s is the weakest dimension: %(count)s of %(teams)s teams is at "
                    "level %(low)s (%(low_name)s) or %(next)s (%(next_name)s).",
                    "%(dimension)s is the weakest dimension: %(count)s of %(teams)s teams are at "
                    "level %(low)s (%(low_name)s) or %(next)s (%(next_name)s).",
                    weakest["low"],
                )
                % values
            )
        else:
            sentences.append(
                _("No team is at level %(low)s or %(next)s in any dimension.") % values
            )
    if summary["gaps"]:
        _area, gap = summary["gaps"][0]
        sentences.append(
            ngettext(
                "The most common gap is “%(gap)s”: %(count)s of %(teams)s teams does not have "
                "it in place.",
                "The most common gap is “%(gap)s”: %(count)s of %(teams)s teams do not have it "
                "in place.",
                gap.teams,
            )
            % {"gap": gap.characteristic.text, "count": gap.teams, "teams": summary["gap_teams"]}
        )
    elif summary["assessed"]:
        sentences.append(_("No common gap: every team has its next steps in place."))
    completion = summary["completion"]
    if completion is not None and completion.teams:
        sentences.append(
            ngettext(
                "The %(round)s round is %(percent)s %% complete: %(count)s of %(teams)s teams "
                "has submitted.",
                "The %(round)s round is %(percent)s %% complete: %(count)s of %(teams)s teams "
                "have submitted.",
                completion.submitted,
            )
            % {
                "round": summary["round"].label,
                "percent": completion.percent,
                "count": completion.submitted,
                "teams": completion.teams,
            }
        )
    elif summary["median"] is not None and summary["change"] is not None:
        sentences.append(
            _("The median overall score is %(median)s, %(change)s since %(previous)s.")
            % {
                "median": shown(summary["median"]),
                "change": signed(summary["change"]),
                "previous": summary["previous_label"],
            }
        )
    elif summary["median"] is not None:
        sentences.append(
            _("The median overall score is %(median)s.") % {"median": shown(summary["median"])}
        )
    return sentences


def team_summary(team, history: TeamHistory) -> dict:
    """A team's page 1: its latest result per dimension with the level names, the change
    since its previous assessment, the gap to its targets and its open actions (two queries)."""
    latest, previous = history.latest, history.previous
    display = assessment_selectors.ModelDisplay.of(latest.model)
    levels = display.levels
    # Only the targets that apply to this model: of its dimensions, within its levels.
    targets = assessment_selectors.current_targets(team)
    targets = shown_targets(targets, display.outline())
    rows = []
    for dimension in history.dimensions:
        score, level = history.scores.get((latest.pk, dimension.key), (None, None))
        target = targets.get(dimension.key)
        rows.append(
            {
                "dimension": dimension,
                "score": score,
                "level": levels.get(level),
                "change": scoring.difference(score, history.score(previous, dimension.key))
                if previous
                else None,
                "target": levels.get(target),
                "gap": target - level if target is not None and level is not None else None,
            }
        )
    summary = {
        "latest": latest,
        "previous": previous,
        "overall_level": levels.get(latest.overall_level),
        "change": scoring.difference(latest.overall_score, previous.overall_score)
        if previous
        else None,
        "rows": rows,
        "below_target": [row for row in rows if row["gap"] and row["gap"] > 0],
        "open_actions": Action.objects.filter(team=team, status__in=Action.PENDING).count(),
        "levels": list(levels.values()),
    }
    summary["sentences"] = _team_sentences(summary)
    return summary


def _team_sentences(summary: dict) -> list[str]:
    latest, level = summary["latest"], summary["overall_level"]
    sentences = []
    if latest.overall_score is not None and level is not None:
        values = {
            "label": latest.label,
            "score": shown(latest.overall_score),
            "level": level.number,
            "name": level.name,
        }
        if summary["previous"] is not None:
            values.update(change=signed(summary["change"]), previous=summary["previous"].label)
            sentences.append(
                _(
                    "In %(label)s the team reached level %(level)s (%(name)s), overall score "
                    "%(score)s: %(change)s since %(previous)s."
                )
                % values
            )
        else:
            sentences.append(
                _(
                    "In %(label)s the team reached level %(level)s (%(name)s), overall score "
                    "%(score)s."
                )
                % values
            )
    scored = [row for row in summary["rows"] if row["score"] is not None and row["level"]]
    if scored:
        weakest = min(scored, key=lambda row: row["score"])
        sentences.append(
            _("Its weakest dimension is %(dimension)s: level %(level)s (%(name)s).")
            % {
                "dimension": weakest["dimension"].name,
                "level": weakest["level"].number,
                "name": weakest["level"].name,
            }
        )
    below = len(summary["below_target"])
    values = {"count": below, "actions": summary["open_actions"]}
    if below:
        sentences.append(
            ngettext(
                "%(count)s dimension is below its target; the plan has %(actions)s open actions.",
                "%(count)s dimensions are below their targets; the plan has %(actions)s open "
                "actions.",
                below,
            )
            % values
        )
    else:
        sentences.append(
            ngettext(
                "No dimension is below its target; the plan has %(actions)s open action.",
                "No dimension is below its target; the plan has %(actions)s open actions.",
                summary["open_actions"],
            )
            % values
        )
    return sentences


def assessment_summary(assessment, result: scoring.Result, display) -> dict:
    """An assessment's page 1: its overall level and score, its weakest area and where the
    counted answers came from (agreed, median, single). No query: the builder's result."""
    levels = display.levels
    areas = [(display.areas[key], r) for key, r in result.areas.items() if key in display.areas]
    weakest = min(areas, key=lambda pair: pair[1].score) if areas else None
    sources = Counter(r.source for _area, r in areas)
    summary = {
        "overall": result.overall,
        "overall_level": levels.get(result.overall.level) if result.overall else None,
        "weakest": weakest[0] if weakest else None,
        "weakest_result": weakest[1] if weakest else None,
        "weakest_level": levels.get(weakest[1].reached) if weakest else None,
        "areas": len(areas),
        "agreed": sources[scoring.SOURCE_AGREED],
        "median": sources[scoring.SOURCE_MEDIAN],
        "single": sources[scoring.SOURCE_SINGLE],
        "levels": list(levels.values()),
    }
    summary["sentences"] = _assessment_sentences(assessment, summary)
    return summary


def _assessment_sentences(assessment, summary: dict) -> list[str]:
    sentences = []
    level = summary["overall_level"]
    if summary["overall"] is not None and level is not None:
        sentences.append(
            _("%(label)s: the team is at level %(level)s (%(name)s), overall score %(score)s.")
            % {
                "label": assessment.label,
                "level": level.number,
                "name": level.name,
                "score": shown(summary["overall"].score),
            }
        )
    if summary["weakest"] is not None:
        sentences.append(
            _("The weakest area is %(area)s: level %(level)s (%(name)s), score %(score)s.")
            % {
                "area": summary["weakest"].name,
                "level": summary["weakest_result"].reached,
                "name": summary["weakest_level"].name if summary["weakest_level"] else "",
                "score": shown(summary["weakest_result"].score),
            }
        )
    if summary["areas"]:
        sentences.append(
            ngettext(
                "The counted answer of %(areas)s area: %(agreed)s agreed with the facilitator, "
                "%(median)s the respondents' median, %(single)s a single respondent's.",
                "The counted answers of %(areas)s areas: %(agreed)s agreed with the facilitator, "
                "%(median)s the respondents' median, %(single)s a single respondent's.",
                summary["areas"],
            )
            % summary
        )
    return sentences
