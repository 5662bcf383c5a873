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
    ]
}
