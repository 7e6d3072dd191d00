from django.urls import path

from . import edit_views, feeds, following_views, views

app_name = "comments"

urlpatterns = [
    path("skriv/<int:post_id>/", views.post_comment, name="post"),
    path("<int:pk>/", views.permalink, name="permalink"),
    path("<int:pk>/radera/", edit_views.delete_own, name="delete"),
    path("<int:pk>/andra/", edit_views.edit_comment, name="edit"),
    path("inlagg/<int:post_id>/rss/", feeds.comments_rss, name="feed_rss"),
    path("inlagg/<int:post_id>/atom/", feeds.comments_atom, name="feed_atom"),
    path("<int:pk>/anmal/", views.report, name="report"),
    path("mina/", views.my_comments, name="mine"),
    path("mina/data.json", views.my_data, name="my_data"),
    path("mina/radera-konto/", views.delete_account, name="delete_account"),
    # Told when answered (comments/following_views.py).
    path("folj/", following_views.following, name="following"),
    path("folj/<int:pk>/sluta/", following_views.stop, name="unfollow"),
    path("folj/avsluta/<str:token>/", following_views.unfollow_link, name="unfollow_link"),
]
