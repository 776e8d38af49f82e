from django.urls import path

from . import imports, sheets, views

app_name = "books"
urlpatterns = [
    path("books/", views.books, name="books"),
    path("books/settings/", views.book_settings, name="settings"),
    path("books/import/", imports.import_view, name="import"),
    path("books/import/template.xlsx", imports.template_view, name="import_template"),
    path("books/entries/<int:entry_id>/", views.entry_detail, name="entry"),
    path("books/entries/<int:entry_id>/receipt.pdf", views.receipt_pdf, name="receipt"),
    path("books/entries/<int:entry_id>/receipt-photo/", views.receipt_photo, name="receipt_photo"),
    path("books/sheet.pdf", sheets.cash_sheet, name="cash_sheet"),
    path("work/", views.work, name="work"),
    path("work/day/", views.work_day, name="work_day"),
    path("work/sheet.pdf", sheets.work_sheet, name="work_sheet"),
    path("passbook/<int:membership_id>/", sheets.passbook_page, name="passbook"),
    path("passbook/<int:membership_id>/passbook.pdf", sheets.passbook_pdf, name="passbook_pdf"),
    path("passbooks.pdf", sheets.passbooks_pdf, name="passbooks_pdf"),
    path("work/<int:record_id>/confirm/", views.work_confirm, name="work_confirm"),
    path("work/<int:record_id>/cancel/", views.work_cancel, name="work_cancel"),
    path("years/", views.years, name="years"),
    path("years/<int:year_id>/", views.year_detail, name="year"),
    path("years/<int:year_id>/close/", views.year_close, name="year_close"),
    path("years/<int:year_id>/report.pdf", views.year_report_pdf, name="year_report"),
    path("years/<int:year_id>/dividends/", views.dividends_create, name="dividends_create"),
    path("years/<int:year_id>/dividends/pay/", views.dividends_pay, name="dividends_pay"),
    path("years/<int:year_id>/dividends.xlsx", views.dividends_xlsx, name="dividends_xlsx"),
    path("years/<int:year_id>/dividends/<int:share_id>/slip.pdf", views.slip_pdf, name="slip"),
]
