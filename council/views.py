"""Public pages of the council registry: start page, roster, body and person pages."""

from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from config.pages.middleware import next_midnight, public_page, valid_until
from council.models import Body, Membership, Person
from council.roster import roster


@public_page
def body_list(request):
    return render(request, "council/body_list.html", {"bodies": Body.objects.all()})


@public_page
def body_detail(request, pk):
    body = get_object_or_404(Body, pk=pk)
    # Who sits in the body is counted by the day: tomorrow's page may differ.
    valid_until(request, next_midnight())
    memberships = (
        Membership.objects.on(timezone.localdate())
        .filter(body=body)
        .select_related("person", "faction")
    )
    return render(
        request, "council/body_detail.html", {"body": body, "groups": roster(memberships)}
    )


@public_page
def person_detail(request, pk):
    person = get_object_or_404(Person, pk=pk)
    memberships = person.memberships.select_related("body", "faction").order_by(
        "-start_date", "body__position"
    )
    return render(
        request,
        "council/person_detail.html",
        {"person": person, "memberships": memberships},
    )
