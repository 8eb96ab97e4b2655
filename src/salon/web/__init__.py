"""salon in a browser: the report, people, suggestions and meetups, served by FastAPI.

A thin shell over :mod:`salon.services`, like the CLI: each page opens one
transaction, calls the services and renders their results with Jinja2.
"""

from salon.web.app import create_app

__all__ = ["create_app"]
