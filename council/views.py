"""Public pages of the council registry: start page, roster, body and person pages."""

from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from council.models import Body, Membership, Person
from council.roster import roster


def body_list(request):
    return render(request, "council/body_list.html", {"bodies": Body.objects.all()})


def body_detail(request, pk):
    body = get_object_or_404(Body, pk=pk)
    memberships = (
        Membership.objects.on(timezone.localdate())
        .filter(body=body)
        .select_related("person", "faction")
    )
    return render(
        request, "council/body_detail.html", {"body": body, "groups": roster(memberships)}
    )


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
