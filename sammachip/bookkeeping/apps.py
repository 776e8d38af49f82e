from django.apps import AppConfig


class BookkeepingConfig(AppConfig):
    name = "sammachip.bookkeeping"
    label = "bookkeeping"

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from sammachip.groups.models import OccupationGroup

        from .services import open_books_of_new_group

        post_save.connect(
            open_books_of_new_group, sender=OccupationGroup, dispatch_uid="bookkeeping.open_books"
        )
