from django.apps import AppConfig


class PagesConfig(AppConfig):
    """Watches every database connection for the tables it writes (`tables.watch`)."""

    name = "config.pages"
    label = "pages"

    def ready(self):
        from django.db.backends.signals import connection_created

        from config.pages import tables

        connection_created.connect(tables.watch_connection, dispatch_uid="pages.tables")
