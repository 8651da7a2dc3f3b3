from django import forms


class DateInput(forms.DateInput):
    """A browser date picker. Its value is always ISO (`YYYY-MM-DD`), whatever the language:
    `<input type="date">` shows nothing for a localised date such as "02.12.2026"."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")
