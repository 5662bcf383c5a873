import HTTP

extension JSONParser {
    /// Reads a string at `index` (on its opening quote) and returns its decoded value, with the same
    /// reader as request bodies (`JSONStringReader`), so a callback's text means what a body's would.
    mutating func string() throws(Failure) -> String {
        do throws(JSONStringReader.Failure) {
            return try JSONStringReader.read(bytes, at: &index)
        } catch {
            throw Failure(reason: error.reason)
        }
    }
}
