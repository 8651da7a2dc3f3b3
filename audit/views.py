"""The organisation's audit log (administrators): filtered, paginated, exported as CSV.
Entries are read here and nowhere written: there is no form to change one."""

import csv

from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.permissions import organisation_view
from accounts.spreadsheets import spreadsheet_text
from audit.forms import EntryFilterForm
from audit.selectors import changed_fields, entries_for, who

PAGE_SIZE = 50
EXPORT_LIMIT = 50_000


@organisation_view("audit.view_audit_log")
@require_GET
def entry_list(request, organisation):
    form = EntryFilterForm(request.GET or None, organisation=organisation)
    entries = entries_for(organisation, **form.filters())
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(entry, who(entry), changed_fields(entry)) for entry in page]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/entry_list.html",
        {
            "organisation": organisation,
            "form": form,
            "page": page,
            "rows": rows,
            "query": query.urlencode(),
        },
    )


class _Echo:
    def write(self, value):
        return value


def _csv_rows(entries):
    writer = csv.writer(_Echo())
    yield writer.writerow(
        [
            _("When"),
            _("Who"),
            _("From"),
            _("Change"),
            _("Object"),
            _("Field"),
            _("Before"),
            _("After"),
        ]
    )
    for entry in entries.iterator(chunk_size=500):
        base = [
            timezone.localtime(entry.timestamp).isoformat(timespec="seconds"),
            who(entry) or _("system"),
            entry.remote_addr or "",
            entry.get_kind_display(),
            f"{entry.content_type.name}: {entry.object_repr}",
        ]
        for field, before, after in changed_fields(entry) or [("", "", "")]:
            yield writer.writerow(
                [spreadsheet_text(value) for value in [*base, field, before, after]]
            )


@organisation_view("audit.view_audit_log")
@require_GET
def entry_export(request, organisation):
    form = EntryFilterForm(request.GET or None, organisation=organisation)
    entries = entries_for(organisation, **form.filters())[:EXPORT_LIMIT]
    response = StreamingHttpResponse(_csv_rows(entries), content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = (
        f'attachment; filename="audit-{organisation.slug}-{stamp}.csv"'
    )
    return response
