import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

from config.production import refuse_development_key  # noqa: E402 - settings are loaded above

refuse_development_key()
