"""Importing the assessments, targets and reports of an export document."""

from collections import defaultdict

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.utils.translation import gettext as _

from assessments.models import (
    AgreedAnswer,
    Answer,
    AreaScore,
    Assessment,
    DimensionScore,
    Reopening,
    StepGap,
    Target,
)
from assessments.stored import gaps_store
from maturity.models import Area, Characteristic, MaturityModel
from reports.models import Report
from transfer.checks import assessment_of, checked_list, children_of, document_items, insert, one_of
from transfer.document import (
    AGREED_KEYS,
    ANSWER_KEYS,
    AREA_SCORE_KEYS,
    ASSESSMENT_KEYS,
    BATCH,
    DIMENSION_SCORE_KEYS,
    OLD_ANSWER_KEYS,
    REOPENING_KEYS,
    REPORT_KEYS,
    STEP_GAP_KEYS,
    TARGET_KEYS,
    BackupError,
)


def import_assessments(document, teams, maturity_models, build):
    """Assessments with their answers, agreed answers, reopenings and stored scores;
    returns the document's assessment number → Assessment."""
    items = document_items(document, "assessments", ASSESSMENT_KEYS)
    models_ = list(maturity_models.values())
    areas = defaultdict(dict)
    for area in Area.objects.filter(model__in=models_):
        areas[area.model_id][area.key] = area
    characteristics = defaultdict(set)
    for model_id, key in Characteristic.objects.filter(model__in=models_).values_list(
        "model_id", "key"
    ):
        characteristics[model_id].add(key)
    top_level = {
        model_id: number
        for model_id, number in MaturityModel.objects.filter(pk__in=[m.pk for m in models_])
        .annotate(top=models.Max("levels__number"))
        .values_list("pk", "top")
    }

    numbered, rows = {}, []
    names = [
        "label",
        "date",
        "state",
        "created_at",
        "submitted_at",
        "overall_score",
        "overall_level",
        "is_latest",
        "anonymous",
    ]
    for path, item in items:
        number = item["id"]
        if not isinstance(number, int) or isinstance(number, bool) or number in numbered:
            raise BackupError(f"{path}.id", _("must be a number not used by another assessment"))
        assessment = Assessment(
            team=one_of(teams, item["team"], f"{path}.team", _("no team “%(key)s” in $.teams")),
            model=one_of(
                maturity_models, item["model"], f"{path}.model", _("no model %(key)s in $.models")
            ),
            started_by=build.user(item["started_by"], f"{path}.started_by"),
            facilitator=build.user(item["facilitator"], f"{path}.facilitator"),
            submitted_by=build.user(item["submitted_by"], f"{path}.submitted_by"),
            **build.values(Assessment, item, path, names),
        )
        numbered[number] = assessment
        rows.append(assessment)
    sources = _carried_from(items, rows, numbered)
    insert(Assessment, rows, ["created_at"])
    # A source may come later in the document: linked once all have ids, in one update.
    for assessment, source in sources:
        assessment.carried_from = source
    linked = [assessment for assessment, _source in sources]
    Assessment.objects.bulk_update(linked, ["carried_from"], batch_size=BATCH)

    children, recompute = defaultdict(list), []
    for (path, item), assessment in zip(items, rows, strict=True):
        model_id = assessment.model_id

        def answer_parts(x, p, model_id=model_id):
            area = one_of(
                areas[model_id], x["area"], f"{p}.area", _("no area “%(key)s” in the model")
            )
            if not 0 <= x["level"] <= top_level[model_id]:
                raise BackupError(f"{p}.level", _("not a level of the model"))
            ticked = x["ticked"]
            if not isinstance(ticked, list) or not all(
                isinstance(key, str) and key in characteristics[model_id] for key in ticked
            ):
                raise BackupError(f"{p}.ticked", _("must list characteristics of the model"))
            return area

        for p, x in children_of(item, path, "answers", ANSWER_KEYS, OLD_ANSWER_KEYS):
            names = ["level", "ticked", "comment", "evidence", "revision", "updated_at"]
            values = build.values(Answer, x, p, names)
            _check_links(values["evidence"], f"{p}.evidence")
            children[Answer].append(
                Answer(
                    assessment=assessment,
                    respondent=build.user(x["respondent"], f"{p}.respondent", required=True),
                    area=answer_parts(x, p),
                    **values,
                )
            )
        for p, x in children_of(item, path, "agreed_answers", AGREED_KEYS):
            values = build.values(AgreedAnswer, x, p, ["level", "ticked", "note", "agreed_at"])
            children[AgreedAnswer].append(
                AgreedAnswer(
                    assessment=assessment,
                    agreed_by=build.user(x["agreed_by"], f"{p}.agreed_by"),
                    area=answer_parts(x, p),
                    **values,
                )
            )
        for p, x in children_of(item, path, "reopenings", REOPENING_KEYS):
            children[Reopening].append(
                Reopening(
                    assessment=assessment,
                    by=build.user(x["by"], f"{p}.by"),
                    **build.values(Reopening, x, p, ["at", "reason"]),
                )
            )
        for model, key, keys in (
            (AreaScore, "area_scores", AREA_SCORE_KEYS),
            (DimensionScore, "dimension_scores", DIMENSION_SCORE_KEYS),
        ):
            for p, x in children_of(item, path, key, keys):
                children[model].append(
                    model(assessment=assessment, **build.values(model, x, p, sorted(keys)))
                )
        if item["step_gaps"] is None:  # a document made before they were stored
            recompute.append(assessment)
            continue
        for p, x in children_of(item, path, "step_gaps", STEP_GAP_KEYS):
            if x["characteristic_key"] not in characteristics[model_id]:
                raise BackupError(f"{p}.characteristic_key", _("not a characteristic of the model"))
            children[StepGap].append(
                StepGap(assessment=assessment, **build.values(StepGap, x, p, sorted(STEP_GAP_KEYS)))
            )
    insert(Answer, children[Answer], ["updated_at"])
    insert(AgreedAnswer, children[AgreedAnswer], ["agreed_at"])
    insert(Reopening, children[Reopening], ["at"])
    insert(AreaScore, children[AreaScore])
    insert(DimensionScore, children[DimensionScore])
    insert(StepGap, children[StepGap])
    gaps_store(recompute)
    return numbered


def _carried_from(items, rows, numbered):
    """(assessment, the assessment its answers were carried from) where there is one:
    another assessment of the same team."""
    sources = []
    for (path, item), assessment in zip(items, rows, strict=True):
        number = item["carried_from"]
        if number is None:
            continue
        source = assessment_of(numbered, number, f"{path}.carried_from")
        if source is assessment or source.team_id != assessment.team_id:
            raise BackupError(
                f"{path}.carried_from",
                _("assessment %(number)s is not another assessment of the same team")
                % {"number": number},
            )
        sources.append((assessment, source))
    return sources


def _check_links(links, path):
    """Evidence links become links on pages: only web addresses, as the answer form allows."""
    validate_link = URLValidator(schemes=["http", "https"])
    for i, link in enumerate(checked_list(links, path)):
        try:
            validate_link(link)
        except (ValidationError, TypeError):
            raise BackupError(
                f"{path}[{i}]", _("not a web address (http:// or https://)")
            ) from None


def import_targets(document, teams, build):
    rows = []
    for path, item in document_items(document, "targets", TARGET_KEYS):
        rows.append(
            Target(
                team=one_of(teams, item["team"], f"{path}.team", _("no team “%(key)s” in $.teams")),
                set_by=build.user(item["set_by"], f"{path}.set_by"),
                **build.values(Target, item, path, ["dimension_key", "level", "current", "set_at"]),
            )
        )
    insert(Target, rows, ["set_at"])


def import_reports(document, organisation, teams, assessments, rounds, build):
    """Reports as they were; one that was queued or still running when the document was
    made is never built here (its task stayed in the old site's queue): it is marked failed,
    so that it can be ordered again."""
    rows = []
    names = ["kind", "language", "state", "progress", "error", "file", "size"]
    names += ["created_at", "finished_at"]
    for path, item in document_items(document, "reports", REPORT_KEYS):
        team = assessment = None
        if item["team"] is not None:
            team = one_of(teams, item["team"], f"{path}.team", _("no team “%(key)s” in $.teams"))
        if item["assessment"] is not None:
            assessment = assessment_of(assessments, item["assessment"], f"{path}.assessment")
        round_ = None
        if item["round"] is not None:
            round_ = one_of(
                {r.label: r for r in rounds},
                item["round"],
                f"{path}.round",
                _("no round “%(key)s” in $.rounds"),
            )
        report = Report(
            organisation=organisation,
            team=team,
            assessment=assessment,
            round=round_,
            ordered_by=build.user(item["ordered_by"], f"{path}.ordered_by"),
            **build.values(Report, item, path, names),
        )
        if not report.finished:
            report.state = Report.State.FAILED
            report.error = _("The report was not finished when the organisation was moved.")
            report.finished_at = report.created_at
        rows.append(report)
    insert(Report, rows, ["created_at"])
