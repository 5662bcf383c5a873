/// Request headers with case-insensitive lookup. Names are stored lower-cased with `-`
/// (FastCGI hands them over as `HTTP_X_FOO`; the transport converts them).
public struct Headers: Sendable, Equatable {
    private var storage: [String: String]

    public init(_ pairs: [String: String] = [:]) {
        storage = [:]
        for (name, value) in pairs { self[name] = value }
    }

    public subscript(name: String) -> String? {
        get { storage[name.lowercased()] }
        set { storage[name.lowercased()] = newValue }
    }

    public var names: [String] { storage.keys.sorted() }

    /// Sets a header whose name the caller already lower-cased (the transport's fast path).
    public mutating func setLowercased(_ name: String, _ value: String) {
        storage[name] = value
    }
}
