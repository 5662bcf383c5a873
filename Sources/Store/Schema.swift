/// The schema, as an ordered list of migrations. Later work appends here (accounts, ledger, orders…).
public enum Schema {
    public static let migrations: [Migration] = [
        Migration(version: 1, name: "instance", sql: """
            -- Identifies this database (backups, metrics and logs name it); exactly one row.
            CREATE TABLE instance (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                instance_id TEXT NOT NULL,
                created_at TEXT NOT NULL
            ) STRICT;
            INSERT INTO instance (id, instance_id, created_at)
                VALUES (1, lower(hex(randomblob(16))), strftime('%Y-%m-%dT%H:%M:%SZ', 'now'));
            """),
        Migration(version: 2, name: "accounts", sql: """
            -- Accounts (R2). Times are RFC 3339 UTC text; ids are random hex text.
            CREATE TABLE accounts (
                id TEXT PRIMARY KEY,
                email TEXT NOT NULL,
                normalized_email TEXT NOT NULL UNIQUE,  -- one account per person: case, gmail dots and +tags folded
                password_hash TEXT NOT NULL,            -- Argon2id PHC string
                state TEXT NOT NULL CHECK (state IN ('unverified', 'active', 'suspended', 'terminated', 'deleted')),
                email_verified_at TEXT,
                terms_version TEXT NOT NULL,
                adult_attested_at TEXT NOT NULL,
                created_at TEXT NOT NULL,
                api_access INTEGER NOT NULL DEFAULT 1 CHECK (api_access IN (0, 1)),
                extra_account_approved INTEGER NOT NULL DEFAULT 0 CHECK (extra_account_approved IN (0, 1)),
                balance INTEGER NOT NULL DEFAULT 0 CHECK (balance >= 0)
            ) STRICT;

            CREATE TABLE sessions (
                id TEXT PRIMARY KEY,
                account_id TEXT NOT NULL REFERENCES accounts(id),
                token_hash TEXT NOT NULL UNIQUE,   -- SHA-256 of the cookie secret
                csrf_hash TEXT NOT NULL,
                created_at TEXT NOT NULL,
                last_seen_at TEXT NOT NULL,
                user_agent TEXT NOT NULL,
                ip_address TEXT NOT NULL
            ) STRICT;
            CREATE INDEX sessions_account ON sessions(account_id);

            CREATE TABLE api_tokens (
                id TEXT PRIMARY KEY,
                account_id TEXT NOT NULL REFERENCES accounts(id),
                name TEXT NOT NULL,
                token_hash TEXT NOT NULL UNIQUE,   -- SHA-256 of the token; the token itself is never stored
                hint TEXT NOT NULL,
                created_at TEXT NOT NULL,
                last_used_at TEXT,
                revoked_at TEXT
            ) STRICT;
            CREATE INDEX api_tokens_account ON api_tokens(account_id);

            CREATE TABLE email_tokens (
                id TEXT PRIMARY KEY,
                account_id TEXT NOT NULL REFERENCES accounts(id),
                purpose TEXT NOT NULL CHECK (purpose IN ('verify', 'reset')),
                token_hash TEXT NOT NULL UNIQUE,
                created_at TEXT NOT NULL,
                expires_at TEXT NOT NULL,
                used_at TEXT
            ) STRICT;
            CREATE INDEX email_tokens_account ON email_tokens(account_id, purpose, created_at);

            CREATE TABLE blocked_domains (
                domain TEXT PRIMARY KEY,
                reason TEXT NOT NULL,
                created_at TEXT NOT NULL
            ) STRICT;

            -- Transactional outbox: a mail row commits with the change it reports; the outbox job delivers it.
            CREATE TABLE outbox (
                id INTEGER PRIMARY KEY,
                recipient TEXT NOT NULL,
                subject TEXT NOT NULL,
                body TEXT NOT NULL,
                created_at TEXT NOT NULL,
                delivered_at TEXT
            ) STRICT;
            CREATE INDEX outbox_pending ON outbox(id) WHERE delivered_at IS NULL;
            """),
        Migration(version: 3, name: "money", sql: """
            -- The ledger (DESIGN.md principle 4): append-only, one row per balance change, unique reference.
            CREATE TABLE ledger (
                id INTEGER PRIMARY KEY,
                account_id TEXT NOT NULL REFERENCES accounts(id),
                kind TEXT NOT NULL CHECK (kind IN ('deposit', 'rental_charge', 'refund', 'forfeiture', 'adjustment')),
                amount INTEGER NOT NULL CHECK (amount != 0),
                balance_after INTEGER NOT NULL CHECK (balance_after >= 0),
                reference TEXT NOT NULL UNIQUE,
                memo TEXT NOT NULL,
                created_at TEXT NOT NULL
            ) STRICT;
            CREATE INDEX ledger_account ON ledger(account_id, id);
            CREATE TRIGGER ledger_no_update BEFORE UPDATE ON ledger BEGIN SELECT RAISE(ABORT, 'ledger rows are append-only'); END;
            CREATE TRIGGER ledger_no_delete BEFORE DELETE ON ledger BEGIN SELECT RAISE(ABORT, 'ledger rows are append-only'); END;

            CREATE TABLE deposits (
                id TEXT PRIMARY KEY,                 -- also our merchant order id at the gateway
                account_id TEXT NOT NULL REFERENCES accounts(id),
                gateway TEXT NOT NULL CHECK (gateway IN ('duitku', 'heleket', 'sandbox')),
                method TEXT,
                amount INTEGER NOT NULL CHECK (amount > 0),
                state TEXT NOT NULL CHECK (state IN ('pending', 'paid', 'expired', 'failed')),
                gateway_reference TEXT,
                payment_url TEXT,
                va_number TEXT,
                qr_string TEXT,
                created_at TEXT NOT NULL,
                expires_at TEXT NOT NULL,
                settled_at TEXT
            ) STRICT;
            CREATE INDEX deposits_account ON deposits(account_id, created_at, id);
            CREATE INDEX deposits_pending ON deposits(expires_at) WHERE state = 'pending';

            -- Every gateway callback as received, verified or not, for reconciliation.
            CREATE TABLE payment_events (
                id INTEGER PRIMARY KEY,
                gateway TEXT NOT NULL,
                order_id TEXT,
                verified INTEGER NOT NULL CHECK (verified IN (0, 1)),
                decision TEXT NOT NULL,
                remote_address TEXT NOT NULL,
                body BLOB NOT NULL,
                received_at TEXT NOT NULL
            ) STRICT;
            CREATE INDEX payment_events_order ON payment_events(order_id);

            CREATE TABLE idempotency_keys (
                account_id TEXT NOT NULL REFERENCES accounts(id),
                key TEXT NOT NULL,
                request_hash TEXT NOT NULL,
                status INTEGER,                      -- NULL while the first request runs
                body TEXT NOT NULL DEFAULT '',
                created_at TEXT NOT NULL,
                PRIMARY KEY (account_id, key)
            ) STRICT;

            -- Server secrets generated once per installation (the sandbox gateway's signing key).
            CREATE TABLE secrets (
                name TEXT PRIMARY KEY,
                value BLOB NOT NULL
            ) STRICT;
            INSERT INTO secrets (name, value) VALUES ('sandbox_gateway', randomblob(32));
            """),
        Migration(version: 4, name: "catalog", sql: """
            -- The catalog (issue 5): imported from Content/catalog by `smscode catalog import`. Rows that leave
            -- the files are retired (active = 0), never deleted, so past orders keep their references.
            CREATE TABLE countries (
                iso TEXT PRIMARY KEY,
                dial_code TEXT NOT NULL,
                name_id TEXT NOT NULL,
                name_en TEXT NOT NULL,
                sms_activate_id INTEGER NOT NULL UNIQUE,
                fivesim_name TEXT NOT NULL UNIQUE,
                sort INTEGER NOT NULL,
                active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
            ) STRICT;
            CREATE TABLE services (
                code TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                fivesim_name TEXT NOT NULL,
                category TEXT NOT NULL,
                sort INTEGER NOT NULL,
                active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
            ) STRICT;
            CREATE TABLE operators (
                country TEXT NOT NULL REFERENCES countries(iso),
                code TEXT NOT NULL,
                name TEXT NOT NULL,
                sort INTEGER NOT NULL,
                active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
                PRIMARY KEY (country, code)
            ) STRICT;
            CREATE TABLE prices (
                country TEXT NOT NULL REFERENCES countries(iso),
                service TEXT NOT NULL REFERENCES services(code),
                operator TEXT NOT NULL,
                cost INTEGER NOT NULL CHECK (cost > 0),            -- what the number costs us, whole rupiah
                markup_percent INTEGER NOT NULL CHECK (markup_percent >= 0),
                price INTEGER NOT NULL CHECK (price >= cost),       -- what the user pays: cost + markup, Rp 100 steps
                stock INTEGER NOT NULL CHECK (stock >= 0),
                updated_at TEXT NOT NULL,
                active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
                PRIMARY KEY (country, service, operator)
            ) STRICT;
            CREATE TABLE price_history (
                id INTEGER PRIMARY KEY,
                country TEXT NOT NULL,
                service TEXT NOT NULL,
                operator TEXT NOT NULL,
                cost INTEGER NOT NULL,
                markup_percent INTEGER NOT NULL,
                price INTEGER NOT NULL,
                changed_at TEXT NOT NULL
            ) STRICT;
            CREATE INDEX price_history_key ON price_history(country, service, operator, id);
            """),
        Migration(version: 5, name: "orders", sql: """
            -- Rentals (issue 5). The charge and the refund are ledger rows with references order:<id>:charge and
            -- order:<id>:refund, so each happens at most once.
            CREATE TABLE orders (
                id INTEGER PRIMARY KEY,
                account_id TEXT NOT NULL REFERENCES accounts(id),
                service TEXT NOT NULL REFERENCES services(code),
                country TEXT NOT NULL REFERENCES countries(iso),
                operator TEXT NOT NULL,
                provider TEXT NOT NULL,
                provider_order_id TEXT NOT NULL,
                phone TEXT NOT NULL,
                price INTEGER NOT NULL CHECK (price > 0),
                state TEXT NOT NULL CHECK (state IN ('pending', 'received', 'finished', 'canceled', 'expired', 'failed')),
                refunded INTEGER NOT NULL DEFAULT 0 CHECK (refunded IN (0, 1)),
                created_at TEXT NOT NULL,
                expires_at TEXT NOT NULL,
                settled_at TEXT,
                UNIQUE (provider, provider_order_id)
            ) STRICT;
            CREATE INDEX orders_account ON orders(account_id, id);
            CREATE INDEX orders_open ON orders(expires_at) WHERE state IN ('pending', 'received');

            CREATE TABLE sms_messages (
                id INTEGER PRIMARY KEY,
                order_id INTEGER NOT NULL REFERENCES orders(id),
                sender TEXT NOT NULL,
                text TEXT NOT NULL,
                code TEXT,
                received_at TEXT NOT NULL
            ) STRICT;
            CREATE INDEX sms_messages_order ON sms_messages(order_id, id);
            """),
        Migration(version: 6, name: "own_pool", sql: """
            -- The own pool (issue 5): numbers of our SIM bank. lease_id is set while a number serves an order;
            -- pool_served remembers every (number, service) ever leased, so a number never serves a service twice.
            CREATE TABLE pool_numbers (
                phone TEXT PRIMARY KEY,
                country TEXT NOT NULL REFERENCES countries(iso),
                operator TEXT NOT NULL DEFAULT 'any',
                lease_id TEXT UNIQUE,
                leased_at TEXT,
                added_at TEXT NOT NULL,
                active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
            ) STRICT;
            CREATE INDEX pool_free ON pool_numbers(country, operator) WHERE lease_id IS NULL AND active = 1;
            CREATE TABLE pool_served (
                phone TEXT NOT NULL REFERENCES pool_numbers(phone),
                service TEXT NOT NULL,
                served_at TEXT NOT NULL,
                PRIMARY KEY (phone, service)
            ) STRICT, WITHOUT ROWID;
            -- Digests of inbound SMS already applied: a gateway retry or a replay changes nothing.
            CREATE TABLE inbound_sms (
                digest TEXT PRIMARY KEY,
                received_at TEXT NOT NULL
            ) STRICT, WITHOUT ROWID;
            """),
        Migration(version: 7, name: "lifecycle", sql: """
            -- Account lifecycle (issue 7): self-deletion, termination, the purge 30 days later, terms notices.
            -- A deleted account stays as a tombstone under its opaque id (orders and ledger point at it); its
            -- email and password hash are blanked at deletion (normalized_email becomes 'deleted:<id>').
            ALTER TABLE accounts ADD COLUMN deleted_at TEXT;
            ALTER TABLE accounts ADD COLUMN purge_at TEXT;          -- deleted_at + 30 days: personal data erased from then on
            ALTER TABLE accounts ADD COLUMN purged_at TEXT;
            ALTER TABLE accounts ADD COLUMN terminated_at TEXT;
            ALTER TABLE accounts ADD COLUMN termination_reason TEXT;
            CREATE INDEX accounts_purge_due ON accounts(purge_at) WHERE purge_at IS NOT NULL AND purged_at IS NULL;

            -- The 30-day re-registration cooldown: only a keyed hash of the normalized email, until the purge.
            CREATE TABLE email_cooldowns (
                account_id TEXT PRIMARY KEY REFERENCES accounts(id),
                email_hash TEXT NOT NULL,              -- hex HMAC-SHA256(secrets 'email_hash', normalized email)
                until TEXT NOT NULL
            ) STRICT;
            CREATE INDEX email_cooldowns_hash ON email_cooldowns(email_hash, until);

            -- Who was mailed about which Terms of Service version (`smscode terms announce`: once per version).
            CREATE TABLE terms_notices (
                version TEXT NOT NULL,
                account_id TEXT NOT NULL REFERENCES accounts(id),
                queued_at TEXT NOT NULL,
                PRIMARY KEY (version, account_id)
            ) STRICT;

            INSERT INTO secrets (name, value) VALUES ('email_hash', randomblob(32));
            """),
        Migration(version: 8, name: "auth_epoch", sql: """
            -- The serving process caches what a bearer token resolves to (its token and account rows), keyed
            -- by the token's hash and tagged with this counter. Every change to any account or token bumps
            -- it in the changing transaction, whichever process makes it (the server, `smscode` commands),
            -- so the next request sees the cache is stale: revocation, suspension and termination stay
            -- immediate. Inserts need no bump: a new token or account is in no cache yet.
            CREATE TABLE auth_epoch (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                value INTEGER NOT NULL
            ) STRICT;
            INSERT INTO auth_epoch (id, value) VALUES (1, 0);
            CREATE TRIGGER auth_epoch_account_update AFTER UPDATE ON accounts BEGIN
                UPDATE auth_epoch SET value = value + 1 WHERE id = 1;
            END;
            CREATE TRIGGER auth_epoch_account_delete AFTER DELETE ON accounts BEGIN
                UPDATE auth_epoch SET value = value + 1 WHERE id = 1;
            END;
            CREATE TRIGGER auth_epoch_token_update AFTER UPDATE ON api_tokens BEGIN
                UPDATE auth_epoch SET value = value + 1 WHERE id = 1;
            END;
            CREATE TRIGGER auth_epoch_token_delete AFTER DELETE ON api_tokens BEGIN
                UPDATE auth_epoch SET value = value + 1 WHERE id = 1;
            END;
            """),
        Migration(version: 9, name: "open_orders_per_account", sql: """
            -- Every purchase counts the buyer's open orders twice (the active-order limit, checked before the
            -- lease and again in the charging transaction). Through orders_account that meant reading every
            -- order the account ever placed; a bot with a long history paid for it on each purchase (a
            -- purchase's SQLite page reads grew with the account's order count). This partial index holds
            -- only open orders, and the count reads nothing else.
            CREATE INDEX orders_open_account ON orders(account_id) WHERE state IN ('pending', 'received');
            """),
        Migration(version: 10, name: "auth_epoch_columns", sql: """
            -- Narrows what moves auth_epoch (version 8) to the columns a resolved token depends on. A balance
            -- change (every purchase, refund and deposit) and the once-a-minute last_used_at touch moved it
            -- too, so while anyone was buying, every polling bot's cached token went stale and was read
            -- again. Nothing uses a cached principal's balance (GET /api/v1/me reads it fresh), and the
            -- server updates its cached token's last_used_at itself when it touches it. A new column of
            -- accounts or api_tokens belongs in these lists unless authentication never reads it
            -- (PrincipalCacheTests updates every column and checks which ones move the epoch).
            DROP TRIGGER auth_epoch_account_update;
            DROP TRIGGER auth_epoch_token_update;
            CREATE TRIGGER auth_epoch_account_update
                AFTER UPDATE OF id, email, normalized_email, password_hash, state, email_verified_at, terms_version,
                                adult_attested_at, created_at, api_access, extra_account_approved, deleted_at, purge_at,
                                purged_at, terminated_at, termination_reason ON accounts BEGIN
                UPDATE auth_epoch SET value = value + 1 WHERE id = 1;
            END;
            CREATE TRIGGER auth_epoch_token_update
                AFTER UPDATE OF id, account_id, name, token_hash, hint, created_at, revoked_at ON api_tokens BEGIN
                UPDATE auth_epoch SET value = value + 1 WHERE id = 1;
            END;
            """),
    ]
}
