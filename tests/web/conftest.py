"""Page tests go through Flask's test client, on SQLite and on PostgreSQL like the rest."""
