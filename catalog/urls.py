from django.urls import path

from . import views
from .views import compare, export

app_name = "catalog"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("programs/", views.ProgramListView.as_view(), name="program_list"),
    path("programs/export.csv", export.ProgramExportView.as_view(), name="program_export"),
    path("programs/<slug:slug>/", views.ProgramDetailView.as_view(), name="program_detail"),
    path("schools/<slug:slug>/", views.InstitutionDetailView.as_view(), name="institution_detail"),
    path("compare/", compare.CompareView.as_view(), name="compare"),
    path("compare/add/", compare.compare_add, name="compare_add"),
    path("compare/remove/", compare.compare_remove, name="compare_remove"),
    path("compare/use/", compare.compare_use, name="compare_use"),
]
