from django.urls import path

from . import views_guides

app_name = "pathways"

urlpatterns = [
    path("", views_guides.PathwayView.as_view(), name="pathway"),
]
