extension StringProtocol {
    /// The text without leading and trailing spaces (only U+0020: tabs and newlines are kept, so they
    /// still fail the validation that follows).
    public var trimmingSpaces: String {
        String(drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }
}
