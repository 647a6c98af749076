# Load the Celery app with Django so that shared tasks use it; creating it connects to nothing.
from .celery import app as celery_app

__all__ = ("celery_app",)
