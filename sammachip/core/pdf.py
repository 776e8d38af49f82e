"""PDFs from the same templates as the pages, through WeasyPrint with Thai fonts from fonts-thai-tlwg."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone


def render_pdf(request: HttpRequest, template: str, context: dict[str, Any], filename: str) -> HttpResponse:
    from weasyprint import HTML

    # every PDF says when it was printed (in พ.ศ., at the foot of each page): a paper copy ages
    html = render_to_string(template, {"printed_at": timezone.localtime(), **context}, request=request)
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
