from django.urls import path

from . import views

app_name = "comments"

urlpatterns = [
    path("skriv/<int:post_id>/", views.post_comment, name="post"),
    path("<int:pk>/", views.permalink, name="permalink"),
    path("<int:pk>/radera/", views.delete_comment, name="delete"),
    path("<int:pk>/anmal/", views.report, name="report"),
    path("mina/", views.my_comments, name="mine"),
    path("mina/data.json", views.my_data, name="my_data"),
    path("mina/radera-konto/", views.delete_account, name="delete_account"),
]
