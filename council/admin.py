"""The admin is for power users; the secretariat's daily work happens on Ratssaal's own pages."""

from django.contrib import admin

from council.models import Body, Faction, LegislativeTerm, Membership, Municipality, Person


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "imprint_url"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["person"]


@admin.register(Body)
class BodyAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "legal_member_count", "state_law_profile"]
    list_filter = ["kind", "state_law_profile"]
    search_fields = ["name", "short_name"]
    inlines = [MembershipInline]


@admin.register(LegislativeTerm)
class LegislativeTermAdmin(admin.ModelAdmin):
    list_display = ["name", "start_date", "end_date"]


@admin.register(Faction)
class FactionAdmin(admin.ModelAdmin):
    list_display = ["short_name", "name", "legislative_term"]
    search_fields = ["name", "short_name"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["family_name", "given_name", "title", "user"]
    search_fields = ["family_name", "given_name"]
    autocomplete_fields = ["user"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["person", "body", "faction", "role", "voting_right", "start_date", "end_date"]
    list_filter = ["body", "faction", "role"]
    search_fields = ["person__family_name", "person__given_name"]
    autocomplete_fields = ["person"]
