"""Users, the staff postings that give officers their area, and API tokens."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.models import AbstractUser
from django.contrib.sessions.base_session import AbstractBaseSession
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

phone_validator = RegexValidator(r"^0\d{8,9}$", _("Enter a Thai phone number such as 0812345678."))


class User(AbstractUser):
    # Members log in with their phone number; officers usually with a username.
    phone = models.CharField(
        _("phone"), max_length=10, unique=True, null=True, blank=True, validators=[phone_validator]
    )
    # What others did to this person's account or record up to here she has seen (the home page's notices).
    notices_seen_at = models.DateTimeField(null=True, blank=True)
    # Set when a one-time password is handed out (an invitation, a member's login given or reset): until she
    # chooses her own, every page leads to the password page (accounts.middleware).
    must_change_password = models.BooleanField(default=False)

    class Meta:
        ordering = ["first_name", "last_name", "username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def current_postings(self) -> list[StaffPosting]:
        cached = getattr(self, "_postings_cache", None)
        if cached is None:
            cached = list(
                self.postings.current()
                .select_related("district", "province")
                .prefetch_related("subdistricts")
            )
            self._postings_cache = cached
        return cached

    @property
    def is_district_staff(self) -> bool:
        return self.is_superuser or bool(self.current_postings)


class StaffPostingQuerySet(models.QuerySet["StaffPosting"]):
    def current(self, on: dt.date | None = None) -> StaffPostingQuerySet:
        """Postings in force on a day (today): from the day they start up to the day before they end. A
        posting ended today is no longer current: ending one ends the access at once, not at midnight."""
        day = on or timezone.localdate()
        return self.filter(Q(ends_on__isnull=True) | Q(ends_on__gt=day), starts_on__lte=day)


class StaffPosting(models.Model):
    """An officer's, district head's or province staff member's area, for a period."""

    class Role(models.TextChoices):
        OFFICER = "officer", _("Community development officer (พัฒนากร)")
        DISTRICT_HEAD = "district_head", _("District head (พัฒนาการอำเภอ)")
        PROVINCE_STAFF = "province_staff", _("Provincial office staff")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="postings")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    province = models.ForeignKey("places.Province", on_delete=models.PROTECT, related_name="+")
    district = models.ForeignKey(
        "places.District", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # An officer may cover only some subdistricts of the district; empty means the whole district.
    subdistricts = models.ManyToManyField("places.Subdistrict", blank=True, related_name="+")
    starts_on = models.DateField(default=timezone.localdate)
    # The day the posting ended: from this day on it gives no access (StaffPostingQuerySet.current).
    ends_on = models.DateField(null=True, blank=True)

    objects = StaffPostingQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(role="province_staff") | Q(district__isnull=False),
                name="posting_district_needed_below_province",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="posting_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} {self.district or self.province}"


class ApiToken(models.Model):
    """A bearer token for API clients. Only a hash is stored; the key is shown once when created. It works
    until it expires (SAMMACHIP_API_TOKEN_DAYS after it was made) or is revoked: by its owner, or for her by
    accounts.services.end_access when her password changes or is reset, her account closes or a posting ends."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=8, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @classmethod
    def issue(cls, *, user: User, name: str) -> tuple[ApiToken, str]:
        key = "smc_" + secrets.token_urlsafe(32)
        now = timezone.now()
        token = cls.objects.create(
            user=user,
            name=name,
            prefix=key[4:12],
            key_hash=cls.hash_key(key),
            created_at=now,
            expires_at=now + dt.timedelta(days=settings.SAMMACHIP_API_TOKEN_DAYS),
        )
        return token, key

    @classmethod
    def user_for_key(cls, key: str) -> User | None:
        token = (
            cls.objects.select_related("user")
            .filter(
                key_hash=cls.hash_key(key),
                revoked_at__isnull=True,
                expires_at__gt=timezone.now(),
                user__is_active=True,
            )
            .first()
        )
        if token is None:
            return None
        cls.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
        return token.user


class LoginAttempt(models.Model):
    """Every login attempt, kept for throttling (accounts.throttle): too many failures lock the account a
    while, and slow the address they came from."""

    username = models.CharField(max_length=150, db_index=True)
    # The account the typed name stands for, however it was written; none when it stands for no account.
    user = models.ForeignKey(User, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    ip_hash = models.CharField(max_length=64, db_index=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    succeeded = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"{self.username} {self.at:%Y-%m-%d %H:%M} {'ok' if self.succeeded else 'failed'}"


class Session(AbstractBaseSession):
    """A signed-in session (Django's database session with the user it belongs to), so that all of one
    person's sessions can be ended at once (accounts.services.end_access). Written by
    accounts.sessions.SessionStore, the SESSION_ENGINE."""

    user = models.ForeignKey(User, null=True, blank=True, on_delete=models.CASCADE, related_name="+")

    @classmethod
    def get_session_store_class(cls) -> type:
        from .sessions import SessionStore

        return SessionStore

    @staticmethod
    def user_id_in(data: dict) -> int | None:
        try:
            return int(data[SESSION_KEY])
        except (KeyError, TypeError, ValueError):
            return None
