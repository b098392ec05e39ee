"""Settings of the reality suite's Django shop: Django 5.2's defaults, the session backend
chosen by the environment (tools/reality/driver.py sets it):

    SHOP_BACKEND  locmem | file | db | redis | signed
    SHOP_SETUP    defaults | short (SESSION_COOKIE_AGE = 3, SESSION_SAVE_EVERY_REQUEST = True)
    SHOP_PG_PORT, SHOP_REDIS_PORT  the store's port on 127.0.0.1
    SHOP_FILE_DIR  this server's own session directory (file backend)
    SHOP_SQLITE    an unused SQLite file: runserver wants a database even when sessions
                   live elsewhere
    SHOP_SERVER    s1 or s2, echoed in an X-Server header so the driver sees the route
"""

import os

BACKEND = os.environ.get("SHOP_BACKEND", "locmem")
SETUP = os.environ.get("SHOP_SETUP", "defaults")

# Shared by both servers of a pair (signed cookies and session hashes depend on it).
SECRET_KEY = "session-lab reality secret, shared by both servers"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "shop.urls"
USE_TZ = True
# Sessions without django.contrib.auth; no CSRF middleware (the driver posts plain forms).
INSTALLED_APPS = ["django.contrib.sessions"]
MIDDLEWARE = ["django.contrib.sessions.middleware.SessionMiddleware"]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("SHOP_SQLITE", "/nonexistent/unused.sqlite3"),
    }
}

if BACKEND == "locmem":
    # CACHES defaults to LocMemCache: one cache per process.
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
elif BACKEND == "file":
    SESSION_ENGINE = "django.contrib.sessions.backends.file"
    SESSION_FILE_PATH = os.environ["SHOP_FILE_DIR"]
elif BACKEND == "db":
    SESSION_ENGINE = "django.contrib.sessions.backends.db"  # Django's default
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.postgresql",
            "HOST": "127.0.0.1",
            "PORT": os.environ.get("SHOP_PG_PORT", "5432"),
            "NAME": "postgres",
            "USER": "postgres",
        }
    }
elif BACKEND == "redis":
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{os.environ.get('SHOP_REDIS_PORT', '6379')}",
        }
    }
elif BACKEND == "signed":
    SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"
else:
    raise ValueError(f"unknown SHOP_BACKEND {BACKEND}")

if SETUP in ("short", "short-app-limit"):
    SESSION_COOKIE_AGE = 3
    SESSION_SAVE_EVERY_REQUEST = True
