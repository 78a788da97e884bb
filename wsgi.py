"""Entry point for gunicorn: `gunicorn wsgi:app`."""

from booking import create_app
from config import ProductionConfig

app = create_app(ProductionConfig)
