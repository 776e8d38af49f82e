"""Households and the people in them. Members of occupation groups are people of a village."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from sammachip.core.money import MoneyField
from sammachip.core.thaiid import is_valid_national_id, mask_national_id, normalize_national_id
from sammachip.core.thaitext import search_key
from sammachip.places.models import Village


def validate_national_id(value: str) -> None:
    if not is_valid_national_id(value):
        raise ValidationError(
            _("This national ID is not valid: it needs 13 digits and a correct check digit."),
            code="invalid_national_id",
        )


# The version of the privacy notice (/privacy/) people are shown when their data is recorded.
NOTICE_VERSION = "2026-11"


class OccupationType(models.Model):
    """An occupation people can choose and a group can be built around (soap making, weaving…)."""

    name = models.CharField(_("occupation"), max_length=150, unique=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def named(cls, name: str) -> OccupationType:
        """The occupation of this name — spaces collapsed, any case — made if there is none yet: how a
        typed occupation is found by the group form, the API and the import alike."""
        clean = " ".join(name.split())
        found = cls.objects.filter(name__iexact=clean).first()
        return found or cls.objects.get_or_create(name=clean)[0]


class Household(models.Model):
    village = models.ForeignKey(Village, on_delete=models.PROTECT, related_name="households")
    house_no = models.CharField(_("house number"), max_length=20)
    head_name = models.CharField(_("head of household"), max_length=200)
    jpt_code = models.CharField(_("จปฐ. household code"), max_length=20, blank=True)
    member_count = models.PositiveSmallIntegerField(_("people in the household"), default=1)
    # What is searched, in the one stored form (core.thaitext.search_key): filled on every save.
    search_text = models.TextField(editable=False, blank=True, default="")

    class Meta:
        ordering = ["village", "house_no"]
        constraints = [
            models.UniqueConstraint(fields=["village", "house_no"], name="household_unique_house_no")
        ]

    def __str__(self) -> str:
        return f"{self.house_no} {self.village}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # A derived column, not a rule: the same text in its search form, so a search reads one indexed column.
        self.search_text = search_key(*self.search_parts())
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)

    def search_parts(self) -> tuple[str | None, ...]:
        return (self.house_no, self.head_name, self.jpt_code)


class Person(models.Model):
    class Title(models.TextChoices):
        MR = "นาย", _("Mr (นาย)")
        MRS = "นาง", _("Mrs (นาง)")
        MISS = "นางสาว", _("Miss (นางสาว)")
        NONE = "", _("—")

    title = models.CharField(_("title"), max_length=10, choices=Title.choices, blank=True)
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    national_id = models.CharField(
        _("national ID"), max_length=13, unique=True, null=True, blank=True, validators=[validate_national_id]
    )
    phone = models.CharField(_("phone"), max_length=10, blank=True)
    village = models.ForeignKey(
        Village, on_delete=models.PROTECT, related_name="people", verbose_name=_("village")
    )
    household = models.ForeignKey(
        Household, null=True, blank=True, on_delete=models.SET_NULL, related_name="people"
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    skills = models.TextField(_("skills"), blank=True)
    can_teach = models.BooleanField(_("can teach these skills to others"), default=False)
    chosen_occupations = models.ManyToManyField(
        OccupationType, blank=True, related_name="people", verbose_name=_("occupations chosen")
    )
    # What is searched, in the one stored form (core.thaitext.search_key): filled on every save.
    search_text = models.TextField(editable=False, blank=True, default="")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="person"
    )

    class Meta:
        ordering = ["first_name", "last_name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(national_id__isnull=True) | models.Q(national_id__regex=r"^[0-9]{13}$"),
                name="person_national_id_13_digits",
            )
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args: Any, **kwargs: Any) -> None:
        # A derived column, not a rule: the same text in its search form, so a search reads one indexed column.
        self.search_text = search_key(*self.search_parts())
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)

    def search_parts(self) -> tuple[str | None, ...]:
        return (self.first_name, self.last_name, self.phone, self.skills)

    @property
    def full_name(self) -> str:
        return self.name_of(self.title, self.first_name, self.last_name)

    @staticmethod
    def name_of(title: str, first_name: str, last_name: str) -> str:
        """The full name from its columns: for a page that reads the columns rather than the person."""
        return f"{title}{first_name} {last_name}".strip()

    @property
    def masked_national_id(self) -> str:
        return mask_national_id(self.national_id) if self.national_id else ""

    def clean(self) -> None:
        if self.national_id:
            self.national_id = normalize_national_id(self.national_id)


class SpendingCategory(models.TextChoices):
    FOOD = "food", _("Food")
    HOUSEHOLD = "household", _("Household goods")
    FARMING = "farming", _("Farming")
    ENERGY = "energy", _("Energy")
    TRANSPORT = "transport", _("Transport")
    EDUCATION = "education", _("Education")
    HEALTH = "health", _("Health")
    DEBT = "debt", _("Debt payments")
    OTHER = "other", _("Other")


class SpendingItem(models.Model):
    """One line of the shared item list households spend on; the officer can extend it."""

    name = models.CharField(_("item"), max_length=150, unique=True)
    category = models.CharField(_("category"), max_length=20, choices=SpendingCategory.choices)
    can_make_locally = models.BooleanField(_("can be made in the village"), default=False)
    occupation = models.ForeignKey(
        OccupationType,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="items",
        verbose_name=_("occupation that makes it"),
    )
    position = models.PositiveSmallIntegerField(default=100)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class ExpenditureForum(models.Model):
    """เวทีวิเคราะห์รายจ่ายของครัวเรือน: a village's households list what they spend, month by month."""

    village = models.ForeignKey(
        Village, on_delete=models.PROTECT, related_name="expenditure_forums", verbose_name=_("village")
    )
    held_on = models.DateField(_("held on"))
    participants = models.PositiveIntegerField(_("people who took part"), default=0)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)
    # Kept up to date by services.refresh_forum_summary whenever a line changes.
    household_count = models.PositiveIntegerField(default=0)
    month_count = models.PositiveIntegerField(default=0)
    total = MoneyField(default=0)

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.village} {self.held_on}"


class SpendingLine(models.Model):
    """What one household spent on one item in one month, as told at a forum."""

    forum = models.ForeignKey(ExpenditureForum, on_delete=models.CASCADE, related_name="lines")
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="spending_lines")
    item = models.ForeignKey(SpendingItem, on_delete=models.PROTECT, related_name="lines")
    month = models.DateField(_("month"))
    amount = MoneyField(_("amount"))

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["forum", "household", "item", "month"], name="spending_line_unique"
            ),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="spending_line_amount_positive"),
            models.CheckConstraint(condition=models.Q(month__day=1), name="spending_line_month_first_day"),
        ]

    def __str__(self) -> str:
        return f"{self.household} {self.item} {self.month:%Y-%m} {self.amount}"


class ForumItemSummary(models.Model):
    """Per forum and item: the money and the households, so area analyses never read every line."""

    forum = models.ForeignKey(ExpenditureForum, on_delete=models.CASCADE, related_name="item_summaries")
    item = models.ForeignKey(SpendingItem, on_delete=models.PROTECT, related_name="+")
    households = models.PositiveIntegerField(default=0)
    total = MoneyField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["forum", "item"], name="forum_item_summary_unique")]

    def __str__(self) -> str:
        return f"{self.forum} {self.item}"


class NeedsAnswer(models.Model):
    """The needs survey: an occupation a household's members want to take up."""

    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="needs")
    occupation = models.ForeignKey(
        OccupationType, on_delete=models.PROTECT, related_name="needs", verbose_name=_("occupation wanted")
    )
    people = models.PositiveSmallIntegerField(_("people who want it"), default=1)
    skills = models.CharField(_("skills they have"), max_length=300, blank=True)
    hours_per_week = models.PositiveSmallIntegerField(_("hours a week they can give"), null=True, blank=True)
    surveyed_on = models.DateField(_("surveyed on"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)

    class Meta:
        ordering = ["household__house_no"]
        constraints = [
            models.UniqueConstraint(fields=["household", "occupation"], name="needs_answer_unique"),
            models.CheckConstraint(condition=models.Q(people__gte=1), name="needs_answer_people_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.household} → {self.occupation}"


class ConsentRecord(models.Model):
    class Purpose(models.TextChoices):
        HOUSEHOLD_SURVEY = "household_survey", _("Household spending and needs survey")

    household = models.ForeignKey(
        Household, null=True, blank=True, on_delete=models.CASCADE, related_name="consents"
    )
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.CASCADE, related_name="consents"
    )
    purpose = models.CharField(max_length=30, choices=Purpose.choices)
    notice_version = models.CharField(max_length=20, default=NOTICE_VERSION)
    given_on = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    withdrawn_on = models.DateField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-given_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.household or self.person} {self.purpose}"
