from django.urls import path

from notifications import views

urlpatterns = [
    path("", views.subscribe, name="subscribe"),
    path("sent/", views.subscribe_sent, name="subscribe_sent"),
    path("confirm/<str:token>/", views.confirm, name="subscribe_confirm"),
    path("manage/<str:token>/", views.manage, name="subscription_manage"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
