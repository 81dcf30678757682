-- Changes sent from a phone's queue carry an Idempotency-Key: a change sent twice (the answer lost on a bad network,
-- the queue sent again) is applied once, and the replay gets the first answer. A key is its user's; kept a day.
CREATE TABLE idempotency_key (
    user_id     integer     NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    key         text        NOT NULL CHECK (length(key) BETWEEN 8 AND 200),
    fingerprint text        NOT NULL,   -- the method, path and body's SHA-256: one key, one request
    status      integer,
    body        text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, key)
);
CREATE INDEX idempotency_key_created_idx ON idempotency_key (created_at);
