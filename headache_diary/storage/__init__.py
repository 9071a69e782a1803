"""SQLite storage: models, migrations, repository functions, backups."""
