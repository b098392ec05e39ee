from django.urls import path

from . import views

urlpatterns = [
    path("", views.index),
    path("login", views.login),
    path("cart", views.cart),
    path("logout", views.logout),
]
