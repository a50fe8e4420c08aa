"""Registers every sub-package's admin with the site."""

from bookings.backoffice import admin as backoffice_admin
from bookings.billing import admin as billing_admin
from bookings.clients import admin as clients_admin
from bookings.clinical import admin as clinical_admin
from bookings.notifications import admin as notifications_admin
from bookings.privacy import admin as privacy_admin
from bookings.scheduling import admin as scheduling_admin

__all__ = [
    "backoffice_admin",
    "billing_admin",
    "clients_admin",
    "clinical_admin",
    "notifications_admin",
    "privacy_admin",
    "scheduling_admin",
]
