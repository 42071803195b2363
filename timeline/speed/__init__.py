"""Everything that only makes a build faster: the cache, page keys and the
recorder, worker processes, the data files' per-event pieces, the spill file and
serve's memos. Reached from the pipeline (and serve) alone; the stages (model,
load, schema, link, render, write and the data files) import none of it, and a
build without any of it gives the same bytes."""
