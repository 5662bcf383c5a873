import Core
import Foundation
import Store
import Testing

/// Counts `needle` in the raw bytes of a file (0 if the file does not exist).
func occurrences(of needle: String, inFile path: String) -> Int {
    guard let data = FileManager.default.contents(atPath: path) else { return 0 }
    let haystack = [UInt8](data), pattern = Array(needle.utf8)
    guard !pattern.isEmpty, haystack.count >= pattern.count else { return 0 }
    var count = 0
    for start in 0...(haystack.count - pattern.count) where haystack[start] == pattern[0] {
        if haystack[start..<(start + pattern.count)].elementsEqual(pattern) { count += 1 }
    }
    return count
}

/// The mechanism the purge relies on (security.md A2, A7): deleted rows are zeroed in the file
/// (`secure_delete`), and truncating the WAL removes the older page images that still hold them.
@Suite struct ErasureTests {
    @Test func deletedRowsLeaveNoBytesInTheFileOrTheWAL() throws {
        let temp = try TemporaryDatabase()
        let path = temp.database.path
        #expect(try temp.database.withWriter { try $0.one("PRAGMA secure_delete") { $0.int(0) } } == 1)
        try temp.database.write { db in
            try db.execute("CREATE TABLE people (id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE, note TEXT NOT NULL)")
            for index in 0..<200 {
                try db.run("INSERT INTO people (email, note) VALUES (?, ?)", [.text("person\(index)@example.com"), .text(String(repeating: "n", count: 300))])
            }
        }
        try temp.database.checkpoint() // the marker is in the main file now, as after weeks of serving
        try temp.database.write { try $0.run("UPDATE people SET note = 'x' WHERE id = 1") } // and in the WAL again
        #expect(occurrences(of: "person7@example.com", inFile: path) == 2) // the row and its UNIQUE index entry
        #expect(occurrences(of: "person7@example.com", inFile: path + "-wal") >= 1)

        try temp.database.write { try $0.run("DELETE FROM people WHERE id % 10 = 8") } // person7 is id 8
        #expect(try temp.database.truncateWAL() == true)
        #expect(occurrences(of: "person7@example.com", inFile: path) == 0)
        #expect(occurrences(of: "person7@example.com", inFile: path + "-wal") == 0)
        #expect(occurrences(of: "person6@example.com", inFile: path) == 2) // the rows kept are all still there
        #expect(try temp.database.readOne("SELECT count(*) FROM people") { $0.int(0) } == 180)
    }
}
