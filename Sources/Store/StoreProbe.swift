import Core

extension DatabaseProbe {
    /// Reachable means a read connection can read the schema version right now.
    public static func live(_ database: Database) -> DatabaseProbe {
        DatabaseProbe {
            (try? database.readOne("SELECT max(version) FROM schema_migrations") { $0.int(0) }) != nil
        }
    }
}
