"""Households and the people in them. Members of occupation groups are people of a village."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from sammachip.core.thaiid import is_valid_national_id, mask_national_id, normalize_national_id
from sammachip.places.models import Village


def validate_national_id(value: str) -> None:
    if not is_valid_national_id(value):
        raise ValidationError(
            _("This national ID is not valid: it needs 13 digits and a correct check digit."),
            code="invalid_national_id",
        )


class OccupationType(models.Model):
    """An occupation people can choose and a group can be built around (soap making, weaving…)."""

    name = models.CharField(_("occupation"), max_length=150, unique=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Household(models.Model):
    village = models.ForeignKey(Village, on_delete=models.PROTECT, related_name="households")
    house_no = models.CharField(_("house number"), max_length=20)
    head_name = models.CharField(_("head of household"), max_length=200)
    jpt_code = models.CharField(_("จปฐ. household code"), max_length=20, blank=True)

    class Meta:
        ordering = ["village", "house_no"]
        constraints = [
            models.UniqueConstraint(fields=["village", "house_no"], name="household_unique_house_no")
        ]

    def __str__(self) -> str:
        return f"{self.house_no} {self.village}"


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

    @property
    def full_name(self) -> str:
        return f"{self.title}{self.first_name} {self.last_name}".strip()

    @property
    def masked_national_id(self) -> str:
        return mask_national_id(self.national_id) if self.national_id else ""

    def clean(self) -> None:
        if self.national_id:
            self.national_id = normalize_national_id(self.national_id)
