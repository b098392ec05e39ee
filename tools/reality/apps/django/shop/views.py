"""The shop's four routes, the same as the Express and PHP shops."""

import os
import time

from django.http import JsonResponse
from django.views.decorators.http import require_GET, require_POST

SERVER = os.environ.get("SHOP_SERVER", "s?")


def reply(data):
    response = JsonResponse(data)
    response["X-Server"] = SERVER
    return response


def state(session):
    return {"user": session.get("user"), "cart": session.get("cart", [])}


@require_GET
def index(request):
    return reply(state(request.session))


@require_POST
def login(request):
    request.session["user"] = request.POST.get("user")
    return reply(state(request.session))


@require_POST
def cart(request):
    """Read the cart, take 200 ms, append, save (the middleware saves after the view)."""
    items = list(request.session.get("cart", []))
    time.sleep(0.2)
    items.append(request.POST.get("item"))
    request.session["cart"] = items
    return reply(state(request.session))


@require_POST
def logout(request):
    request.session.flush()
    return reply({"ok": True})
