-- A replayed answer names the version its change made, as the first answer did: a phone whose first answer was lost
-- on the way sends its next change on that version.
ALTER TABLE idempotency_key ADD COLUMN etag text;
