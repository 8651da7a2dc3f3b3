from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.validators import no_control_characters
from accounts.widgets import DateInput
from assessments import selectors, services
from assessments.dates import date_window, validate_assessment_date
from assessments.services import MAX_COMMENT_LENGTH


class AreaAnswerForm(forms.Form):
    """One area's answer as posted by the answering page (with or without JavaScript).

    Levels and characteristics are checked against the pinned model by the service; the
    comment and the evidence links here, so that their errors stand beside their fields.
    """

    level = forms.IntegerField(
        label=_("Level"),
        min_value=0,
        max_value=99,
        error_messages={
            "required": _("Choose a level first: the answer is saved once a level is chosen.")
        },
    )
    ticked = forms.MultipleChoiceField(required=False)  # choices: any key; the service checks
    comment = forms.CharField(label=_("Comment"), required=False)
    evidence = forms.CharField(
        label=_("Evidence links"),
        required=False,
        max_length=20_000,
        help_text=_("One web address per line."),
    )
    # The answer's revision the page showed (0: none yet); see Answer.revision.
    revision = forms.IntegerField(required=False, min_value=0, max_value=2**62)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ticked"].valid_value = lambda value: (
            isinstance(value, str) and len(value) < 120
        )

    def clean_comment(self):
        # Browsers post line breaks as CRLF but count them as one character, like the counter.
        comment = self.cleaned_data["comment"].replace("\r\n", "\n")
        try:
            return services.clean_comment(comment)
        except services.AssessmentError as refusal:
            raise forms.ValidationError(str(refusal)) from None

    def clean_evidence(self):
        try:
            return services.clean_evidence(self.cleaned_data["evidence"].splitlines())
        except services.AssessmentError as refusal:
            raise forms.ValidationError(str(refusal)) from None

    def links(self):
        return self.cleaned_data["evidence"]


class AgreeForm(forms.Form):
    level = forms.IntegerField(label=_("Agreed level"), min_value=0, max_value=99)
    ticked = forms.MultipleChoiceField(required=False)
    note = forms.CharField(label=_("Note"), required=False, max_length=MAX_COMMENT_LENGTH)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ticked"].valid_value = lambda value: (
            isinstance(value, str) and len(value) < 120
        )


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is it reopened?"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class StartForm(forms.Form):
    label = forms.CharField(label=_("Label"), max_length=60, validators=[no_control_characters])
    date = forms.DateField(
        label=_("Date"),
        widget=DateInput(),
        validators=[validate_assessment_date],
    )
    model = forms.ModelChoiceField(label=_("Maturity model"), queryset=None, empty_label=None)

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["model"].queryset = selectors.models_for(organisation)
        earliest, latest = date_window()
        self.fields["date"].widget.attrs.update(min=earliest.isoformat(), max=latest.isoformat())
