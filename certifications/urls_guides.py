from django.urls import path

from . import views_guides

app_name = "guides"

urlpatterns = [
    path("", views_guides.GuideListView.as_view(), name="guide_list"),
    path("<slug:slug>/", views_guides.GuideDetailView.as_view(), name="guide_detail"),
]
