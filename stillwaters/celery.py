import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stillwaters.settings")

app = Celery("stillwaters")
app.config_from_object("django.conf:settings", namespace="CELERY")
# Tasks live beside the work they run, not in each app's tasks.py.
app.autodiscover_tasks(["bookings.notifications", "bookings.clients"])
