-- The officers' note on a family ("bà cụ cần cáng", "nhà có thuyền"), written from the field app, online or queued
-- offline. Personal data like the head's name: shown only to officers of the commune and admins, never in tiles,
-- features, exports or events; the audit log records that it changed, not its words.
ALTER TABLE household ADD COLUMN note text CHECK (length(note) <= 500);
