from django.urls import path

from dieuhanh.directives import views

app_name = "directives"
urlpatterns = [
    path("", views.index, name="index"),
    path("all/", views.assignment_list, name="list"),
    path("all/export.xlsx", views.assignment_export, name="export"),
    path("scorecard/", views.scorecard, name="scorecard"),
    path("scorecard/export.xlsx", views.scorecard_export, name="scorecard_export"),
    path("<int:pk>/", views.assignment_detail, name="detail"),
    path("<int:pk>/progress/", views.progress_create, name="progress"),
    path("<int:pk>/extension/", views.extension_create, name="extension"),
    path("<int:pk>/decide/", views.assignment_decide, name="decide"),
    path("<int:pk>/reassign/", views.assignment_reassign, name="reassign"),
    path("extensions/<int:pk>/decide/", views.extension_decide, name="extension_decide"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
    path("directives/", views.directive_list, name="directives"),
    path("directives/<int:pk>/", views.directive_detail, name="directive"),
    path("directives/<int:pk>/file/", views.directive_file, name="directive_file"),
    path("drafts/new/", views.draft_new, name="draft_new"),
    path("drafts/blank/", views.draft_blank, name="draft_blank"),
    path("drafts/<int:pk>/", views.draft_review, name="draft"),
    path("drafts/<int:pk>/file/", views.draft_file, name="draft_file"),
    path("drafts/<int:pk>/header/", views.draft_header, name="draft_header"),
    path("drafts/<int:pk>/tasks/add/", views.draft_task_add, name="draft_task_add"),
    path("drafts/<int:pk>/tasks/<str:key>/", views.draft_task_save, name="draft_task"),
    path(
        "drafts/<int:pk>/tasks/<str:key>/remove/",
        views.draft_task_remove,
        name="draft_task_remove",
    ),
    path("drafts/<int:pk>/confirm/", views.draft_confirm, name="draft_confirm"),
    path("drafts/<int:pk>/discard/", views.draft_discard, name="draft_discard"),
]
