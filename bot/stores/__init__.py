"""Where conversations are kept: Rasa's SQL tracker store and its lock store, chosen from the
environment (``settings.py``), with deletion on request and by age (``tracker_store.py``).

Embedded default: a SQLite file ``var/conversations.db`` (one process, nothing to install).
Production: PostgreSQL from ``DB_URL`` or ``DB_HOST``/``DB_PORT``/``DB_USER``/``DB_PASSWORD``/
``DB_DATABASE``; a Redis lock store from ``REDIS_URL`` when several replicas share the database.
"""
