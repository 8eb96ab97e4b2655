"""salon: networking for innovation.

See how diverse and how bridging a network is, decide whom to meet, introduce or
ask for feedback, keep what you learn from others, and seat a recurring meetup so
that every table mixes backgrounds.

Layers (imports point downward only):

- ``salon.analytics``, ``salon.seating``, ``salon.semantic``, ``salon.recommend``:
  pure numerical cores over arrays, graphs and plain data;
- ``salon.io``: file formats (LinkedIn, vCard, Google, CSV, GraphML, JSON);
- ``salon.db``: SQLAlchemy models, sessions and Alembic migrations;
- ``salon.services``: the use cases, combining the layers above;
- ``salon.cli``: the ``salon`` command, a thin shell over the services.
"""

from salon.errors import SalonError

__all__ = ["SalonError", "__version__"]
__version__ = "0.1.0"
