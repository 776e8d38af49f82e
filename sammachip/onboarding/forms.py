from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ImportBatch

MAX_FILE_BYTES = 20 * 1024 * 1024


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("What the file holds"), choices=ImportBatch.Kind.choices)
    file = forms.FileField(label=_("Excel or CSV file"))

    def clean_file(self):  # type: ignore[no-untyped-def]
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(_("The file is larger than 20 MB; split it into smaller files."))
        if not upload.name.lower().endswith((".xlsx", ".xlsm", ".csv", ".txt")):
            raise forms.ValidationError(_("Upload an .xlsx or a CSV UTF-8 file."))
        return upload
