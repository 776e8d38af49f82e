from django.contrib import admin

from .models import OccupationGroup


@admin.register(OccupationGroup)
class OccupationGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "village", "occupation", "stage", "founded_on"]
    list_filter = ["stage"]
    search_fields = ["name"]

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False  # groups end (dissolved); they are never deleted
