import io

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_models_have_no_changes_without_a_migration():
    out = io.StringIO()

    call_command("makemigrations", check=True, dry_run=True, stdout=out)

    assert "No changes detected" in out.getvalue()
