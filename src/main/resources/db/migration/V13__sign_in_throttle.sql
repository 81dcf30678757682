-- Failed sign-ins per account name and per address, shared by every server instance. An attempt is counted before
-- its password is checked, in one statement under the row's lock, so parallel guesses cannot slip past the limit.
CREATE TABLE sign_in_throttle (
    key          text        PRIMARY KEY,   -- 'user:<name, lower case>' or 'address:<ip>'
    failures     integer     NOT NULL,
    locked_until timestamptz,
    updated_at   timestamptz NOT NULL DEFAULT now()
);
