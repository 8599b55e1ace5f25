"""`config.env.database`: SQLite in the project by default, PostgreSQL when DATABASE_URL says so."""

from pathlib import Path

from config.env import database

BASE_DIR = Path("/srv/ratssaal")


def test_without_url_it_is_a_sqlite_file_in_the_project():
    config = database(None, base_dir=BASE_DIR)

    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert Path(config["NAME"]) == BASE_DIR / "db.sqlite3"


def test_empty_url_counts_as_none():
    assert database("", base_dir=BASE_DIR)["ENGINE"] == "django.db.backends.sqlite3"


def test_sqlite_lets_readers_and_a_writer_overlap():
    options = database(None, base_dir=BASE_DIR)["OPTIONS"]

    assert "journal_mode=WAL" in options["init_command"]
    assert options["timeout"] > 0


def test_sqlite_keeps_its_connection_open():
    assert database(None, base_dir=BASE_DIR)["CONN_MAX_AGE"] > 0


def test_postgres_url_selects_postgresql():
    config = database("postgres://ratssaal:geheim@db.example:5433/rat", base_dir=BASE_DIR)

    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["PORT"], config["NAME"]) == ("db.example", 5433, "rat")
    assert (config["USER"], config["PASSWORD"]) == ("ratssaal", "geheim")


def test_postgres_gets_no_sqlite_options():
    config = database("postgres://postgres@127.0.0.1:5432/ratssaal", base_dir=BASE_DIR)

    assert "init_command" not in config.get("OPTIONS", {})


def test_postgres_connections_come_from_a_pool_not_from_persistent_connections():
    config = database("postgres://postgres@127.0.0.1:5432/ratssaal", base_dir=BASE_DIR)

    assert config["CONN_MAX_AGE"] == 0
    assert config["OPTIONS"]["pool"]["max_size"] >= 2


def test_waiting_for_an_unreachable_postgres_is_bounded():
    options = database("postgres://postgres@127.0.0.1:5432/ratssaal", base_dir=BASE_DIR)["OPTIONS"]

    assert 0 < options["pool"]["timeout"] <= 5
    assert 0 < options["connect_timeout"] <= 5
