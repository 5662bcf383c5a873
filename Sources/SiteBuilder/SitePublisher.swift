#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

/// Publishes a built site by swapping a symlink: `output` → `output-builds/ID`. `rename(2)` of the new
/// link over the old one is atomic, so nginx serves either the old site or the new one, never a mix.
/// The previous build is kept (requests may still be reading it); older ones are removed.
struct SitePublisher {
    let output: String

    var buildsDirectory: String { output + "-builds" }

    func prepareFolder(buildID: String) throws -> String {
        let folder = buildsDirectory + "/" + buildID
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }

    func publish(_ folder: String) throws {
        // A plain folder left by an older layout cannot be replaced by rename; remove it once.
        var info = stat()
        if lstat(output, &info) == 0 && (info.st_mode & S_IFMT) != S_IFLNK {
            try FileManager.default.removeItem(atPath: output)
        }
        let temporaryLink = output + ".next"
        unlink(temporaryLink)
        guard symlink(folder, temporaryLink) == 0 else { throw SiteBuildError.cannotPublish("symlink: \(String(cString: strerror(errno)))") }
        guard rename(temporaryLink, output) == 0 else { throw SiteBuildError.cannotPublish("rename: \(String(cString: strerror(errno)))") }
        try removeOldBuilds(keeping: folder)
    }

    private func removeOldBuilds(keeping current: String) throws {
        let manager = FileManager.default
        let builds = try manager.contentsOfDirectory(atPath: buildsDirectory).sorted()
        let currentName = String(current.split(separator: "/").last ?? "")
        // Names start with a sortable timestamp: keep the current build and the one before it.
        let older = builds.filter { $0 < currentName }
        for name in older.dropLast(1) {
            try? manager.removeItem(atPath: buildsDirectory + "/" + name)
        }
    }
}
