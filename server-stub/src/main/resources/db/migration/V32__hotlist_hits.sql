-- Hotlist hits are watched (the analysts' alerts): their own revision counter, and a plate read's
-- LprHit id and whether it matched a hotlist as columns. Reads stored before this stay unflagged.
ALTER TABLE timeline_events ADD COLUMN lpr_hit_id VARCHAR(64);
ALTER TABLE timeline_events ADD COLUMN hotlist_hit BOOLEAN DEFAULT FALSE NOT NULL;
CREATE INDEX timeline_events_hotlist_hit ON timeline_events (hotlist_hit, at);
CREATE INDEX timeline_events_lpr_hit ON timeline_events (lpr_hit_id);
INSERT INTO revision_counter (collection, revision) VALUES ('hotlist_hits', 0);
