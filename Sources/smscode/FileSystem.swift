#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

enum FileSystem {
    static func makeDirectory(_ path: String) throws {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
}
