from django.urls import path

from . import views

app_name = "bookings"
urlpatterns = [
    path("", views.start, name="start"),
    path("times/", views.times, name="times"),
    path("details/", views.details, name="details"),
    path("slots", views.slots, name="slots"),
    path("held/<str:token>/", views.held, name="held"),
    path("confirmed/<str:token>/", views.confirmed, name="confirmed"),
    path("manage/<str:token>/", views.manage, name="manage"),
]
