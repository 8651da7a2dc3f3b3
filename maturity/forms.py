from django import forms
from django.utils.translation import gettext_lazy as _

MAX_UPLOAD_BYTES = 2 * 1024 * 1024


class ModelUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Model file (JSON)"),
        help_text=_("In the interchange format; see an exported model for an example."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/json,.json"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(size)d MB.") % {"size": MAX_UPLOAD_BYTES // 2**20}
            )
        return upload


class ModelChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, model):
        label = _("%(name)s, version %(version)s") % {"name": model.name, "version": model.version}
        return f"{label} ({_('our own')})" if model.organisation_id else label


class ModelsInUseForm(forms.Form):
    models = ModelChoiceField(
        label=_("Models in use"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["models"].queryset = choices
