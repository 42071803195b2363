"""The data files and the machine-readable text of the pages: events as plain records
(records.py), their JSON Schema, the JSON, CSV, iCalendar and TimelineJS files, the
feeds, the search index and the JSON-LD of event pages."""
