"""Makes the data fit the constraints of 0010: one label per team, one open assessment per
team and model version. No answer is lost:

- Of several open (draft / in progress) assessments of one team and model version, those that
  hold nothing (no answer, no agreed answer, never reopened) are deleted, keeping the first
  one started; they were started twice by mistake (a second click on Start).
- If several that hold answers remain, the migration stops and changes nothing: it lists them,
  to be submitted or deleted in the admin first (docs/operations.md).
- A label used twice within a team gets a number: the second "2026 Q4" becomes "2026 Q4 (2)".
  The migration lists every label it changed.
"""

from collections import defaultdict

from django.db import migrations

OPEN = ("draft", "in_progress")
MAX_LABEL = 60


def holds_work(apps, assessment_ids):
    Answer = apps.get_model("assessments", "Answer")
    AgreedAnswer = apps.get_model("assessments", "AgreedAnswer")
    Reopening = apps.get_model("assessments", "Reopening")
    busy = set()
    for model in (Answer, AgreedAnswer, Reopening):
        busy.update(
            model.objects.filter(assessment_id__in=assessment_ids).values_list(
                "assessment_id", flat=True
            )
        )
    return busy


def remove_empty_duplicates(apps):
    Assessment = apps.get_model("assessments", "Assessment")
    by_pair = defaultdict(list)
    for pk, team_id, model_id in (
        Assessment.objects.filter(state__in=OPEN)
        .order_by("created_at", "pk")
        .values_list("pk", "team_id", "model_id")
    ):
        by_pair[(team_id, model_id)].append(pk)
    pairs = {pair: pks for pair, pks in by_pair.items() if len(pks) > 1}
    busy = holds_work(apps, [pk for pks in pairs.values() for pk in pks])
    empty, still_open = [], []
    for pks in pairs.values():
        working = [pk for pk in pks if pk in busy]
        keep = working or pks[:1]
        empty += [pk for pk in pks if pk not in keep]
        if len(working) > 1:
            still_open.append(working)
    if still_open:
        rows = Assessment.objects.in_bulk([pk for pks in still_open for pk in pks])
        lines = []
        for pks in still_open:
            labels = ", ".join(f"{rows[pk].label!r} (id {pk})" for pk in pks)
            lines.append(f"  team id {rows[pks[0]].team_id}: {labels}")
        listed = "\n".join(lines)
        raise RuntimeError(
            "assessments.0009: these teams have several open assessments of one model version"
            " that hold answers. A team may have one open assessment per model version: submit"
            " or delete all but one of each in the admin, then migrate again. Nothing was"
            f" changed.\n{listed}"
        )
    Assessment.objects.filter(pk__in=empty).delete()
    return empty


def number_duplicate_labels(apps):
    Assessment = apps.get_model("assessments", "Assessment")
    by_team = defaultdict(list)
    for assessment in Assessment.objects.only("pk", "team_id", "label").order_by("date", "pk"):
        by_team[assessment.team_id].append(assessment)
    changed = []
    for assessments in by_team.values():
        taken = {a.label for a in assessments}
        seen = set()
        for assessment in assessments:
            if assessment.label not in seen:
                seen.add(assessment.label)
                continue
            n = 2
            while True:
                suffix = f" ({n})"
                label = assessment.label[: MAX_LABEL - len(suffix)] + suffix
                if label not in taken:
                    break
                n += 1
            changed.append((assessment, assessment.label))
            assessment.label = label
            taken.add(label)
            seen.add(label)
    Assessment.objects.bulk_update([a for a, _old in changed], ["label"], batch_size=500)
    return changed


def make_unique(apps, schema_editor):
    removed = remove_empty_duplicates(apps)
    changed = number_duplicate_labels(apps)
    if removed:
        print(
            "\n  assessments.0009: deleted empty open assessments started twice (ids"
            f" {', '.join(map(str, removed))})."
        )
    if changed:
        print("\n  assessments.0009: labels used twice within a team were numbered:")
        for assessment, old in changed:
            print(
                f"    team id {assessment.team_id}: {old!r} → {assessment.label!r}"
                f" (id {assessment.pk})"
            )


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0009_scores_from_reached_levels"),
    ]

    operations = [
        migrations.RunPython(make_unique, migrations.RunPython.noop),
    ]
