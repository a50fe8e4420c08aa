from django.urls import path

from . import views

app_name = "content"
urlpatterns = [
    path("", views.home, name="home"),
    path("learn/", views.article_list, name="articles"),
    path("learn/<slug:slug>/", views.article_detail, name="article"),
    path("trigger-points/", views.pain_finder, name="pain-finder"),
    path("services/", views.service_list, name="services"),
    path("services/<slug:slug>/", views.service_detail, name="service"),
    path("areas/", views.area_list, name="areas"),
    path("areas/<slug:slug>/", views.area_detail, name="area"),
    path("about/", views.about, name="about"),
    path("privacy/", views.privacy, name="privacy"),
]
