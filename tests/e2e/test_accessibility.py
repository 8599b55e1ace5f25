"""axe-core finds no serious or critical accessibility violations on the public pages.

Lower-impact findings are not failures; every scan writes all of its findings, and what axe
could not decide ("incomplete", to be checked by a person), to test-artifacts/axe/<test>.json.
"""

import json
from pathlib import Path

import pytest

from .artifacts import artifact_path

AXE_SOURCE = Path(__file__).resolve().parents[1] / "vendor" / "axe-core" / "axe.min.js"
BLOCKING_IMPACTS = {"serious", "critical"}


def axe_violations(page, report_name):
    # page.evaluate runs through the DevTools protocol, which the page's CSP does not govern.
    page.evaluate(AXE_SOURCE.read_text())
    results = page.evaluate(
        "async () => { const r = await axe.run(document);"
        " return {violations: r.violations, incomplete: r.incomplete}; }"
    )
    report = artifact_path("axe", report_name, ".json")
    report.write_text(json.dumps(results, indent=2, ensure_ascii=False))
    return [found for found in results["violations"] if found["impact"] in BLOCKING_IMPACTS]


def describe(violations):
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        lines.extend(f"    {node['target']}" for node in violation["nodes"])
    return "\n".join(lines)


@pytest.mark.parametrize(
    "path", ["/", "/accounts/login/", "/council/"], ids=["start", "login", "roster"]
)
def test_public_page_has_no_serious_violations(page, request, path):
    page.goto(path)

    violations = axe_violations(page, request.node.name)

    assert not violations, describe(violations)


def test_body_page_has_no_serious_violations(page, request, open_body):
    open_body(page, "Stadtrat")

    violations = axe_violations(page, request.node.name)

    assert not violations, describe(violations)


def test_start_page_on_a_phone_has_no_serious_violations(phone_page, request):
    phone_page.goto("/")

    violations = axe_violations(phone_page, request.node.name)

    assert not violations, describe(violations)


def test_login_form_with_an_error_has_no_serious_violations(page, request, submit_login):
    submit_login(page, "mitglied10", "falsch")

    violations = axe_violations(page, request.node.name)

    assert not violations, describe(violations)
