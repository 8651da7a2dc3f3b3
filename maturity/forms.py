import io

from django import forms
from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.utils.translation import gettext_lazy as _

from accounts.forms import ModelIdsField
from maturity.limits import MAX_UPLOAD_BYTES


class LimitedUploadHandler(FileUploadHandler):
    """Keeps the first uploaded file in memory up to MAX_UPLOAD_BYTES, and drops whatever comes
    beyond (other files and the rest of a larger file) into neither memory nor a temporary file.
    A larger file arrives empty with its real size, and the form refuses it as too large."""

    files = 0

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.files += 1
        self.buffer = io.BytesIO() if self.files == 1 else None

    def receive_data_chunk(self, raw_data, start):
        if self.buffer is not None:
            if start + len(raw_data) <= MAX_UPLOAD_BYTES:
                self.buffer.write(raw_data)
            elif self.buffer.tell():
                self.buffer = io.BytesIO()
        return None

    def file_complete(self, file_size):
        if self.buffer is None:
            return None
        self.buffer.seek(0)
        return InMemoryUploadedFile(
            self.buffer if file_size <= MAX_UPLOAD_BYTES else io.BytesIO(),
            self.field_name,
            self.file_name,
            self.content_type,
            file_size,
            self.charset,
            self.content_type_extra,
        )


class ModelUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Model file (JSON or XLSX)"),
        help_text=_(
            "A JSON file in the interchange format, or the XLSX template filled in; "
            "see an exported model for an example."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".json,.xlsx"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(size)d MB.") % {"size": MAX_UPLOAD_BYTES // 2**20}
            )
        return upload


class ModelChoiceField(ModelIdsField):
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
