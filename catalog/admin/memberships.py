"""Which staff account belongs to which school: managed by site editors and superusers only."""

from django.contrib import admin

from ..models import SchoolMembership


@admin.register(SchoolMembership)
class SchoolMembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "institution", "created_at")
    list_select_related = ("user", "institution")
    search_fields = ("user__email", "user__username", "institution__name")
    autocomplete_fields = ("institution",)
    # Site editors hold no permission on accounts, so they pick the user by id rather than by a user search.
    raw_id_fields = ("user",)
    ordering = ("institution__name", "user__email")
    list_per_page = 100
