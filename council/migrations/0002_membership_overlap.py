"""No person holds two memberships in one body on the same day.

Django's constraints cannot say "periods must not overlap" portably, so each database gets its own
form: an exclusion constraint on PostgreSQL, triggers on SQLite. Both refuse with an IntegrityError.
"""

from django.db import migrations

POSTGRES_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS btree_gist",
    """ALTER TABLE council_membership ADD CONSTRAINT membership_no_overlap
       EXCLUDE USING gist (
           person_id WITH =, body_id WITH =, daterange(start_date, end_date, '[]') WITH &&
       )""",
]
POSTGRES_BACKWARD = ["ALTER TABLE council_membership DROP CONSTRAINT membership_no_overlap"]

SQLITE_OVERLAP = """
    SELECT RAISE(ABORT, 'membership_no_overlap')
    WHERE EXISTS (
        SELECT 1 FROM council_membership AS other
        WHERE other.person_id = NEW.person_id AND other.body_id = NEW.body_id
          AND other.id IS NOT NEW.id
          AND other.start_date <= COALESCE(NEW.end_date, '9999-12-31')
          AND NEW.start_date <= COALESCE(other.end_date, '9999-12-31')
    );
"""
SQLITE_FORWARD = [
    f"CREATE TRIGGER membership_no_overlap_insert BEFORE INSERT ON council_membership "
    f"BEGIN {SQLITE_OVERLAP} END",
    f"CREATE TRIGGER membership_no_overlap_update BEFORE UPDATE ON council_membership "
    f"BEGIN {SQLITE_OVERLAP} END",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER membership_no_overlap_insert",
    "DROP TRIGGER membership_no_overlap_update",
]


def run(statements_by_vendor):
    def operation(apps, schema_editor):
        for statement in statements_by_vendor[schema_editor.connection.vendor]:
            schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [("council", "0001_initial")]

    operations = [
        migrations.RunPython(
            run({"postgresql": POSTGRES_FORWARD, "sqlite": SQLITE_FORWARD}),
            run({"postgresql": POSTGRES_BACKWARD, "sqlite": SQLITE_BACKWARD}),
        )
    ]
