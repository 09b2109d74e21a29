from django.urls import path

from . import views

app_name = "people"

urlpatterns = [
    path("personnes/<slug:slug>/", views.person_detail, name="person"),
    path("organisations/<slug:slug>/", views.organisation_detail, name="organisation"),
]
