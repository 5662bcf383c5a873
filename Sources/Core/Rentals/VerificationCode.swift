/// Finds the verification code in an SMS text, as users expect to see it: `123456`, `G-123456`
/// (Google), `12-34-56` or `123 456` (grouped), `Kode: 4821`. The whole text is always kept beside it.
public enum VerificationCode {
    /// The code in `text`, digits only (separators removed), or nil when there is none.
    ///
    /// Preference: a digit group right after a word like "code"/"kode"; then a `G-` style prefix; then
    /// the longest run of 4–8 digits, possibly grouped by `-` or a space into pieces of 2–4 digits.
    public static func extract(from text: String) -> String? {
        let scalars = Array(text.unicodeScalars)
        let candidates = digitRuns(scalars)
        guard !candidates.isEmpty else { return nil }
        // Lower-case scalar by scalar, so offsets into `lowered` are offsets into `scalars`.
        let lowered = scalars.map { scalar in String(scalar).lowercased().unicodeScalars.count == 1 ? String(scalar).lowercased().unicodeScalars.first ?? scalar : scalar }
        for keyword in ["code", "kode", "код", "otp", "pin"] {
            if let offset = endOfFirst(Array(keyword.unicodeScalars), in: lowered),
               let after = candidates.first(where: { $0.start >= offset }) {
                return after.digits
            }
        }
        if let prefixed = candidates.first(where: { $0.start >= 2 && scalars[$0.start - 1] == "-" && isLetter(scalars[$0.start - 2]) }) {
            return prefixed.digits
        }
        return candidates.max { $0.digits.count < $1.digits.count }?.digits
    }

    static func endOfFirst(_ needle: [Unicode.Scalar], in haystack: [Unicode.Scalar]) -> Int? {
        guard needle.count <= haystack.count else { return nil }
        for start in 0...(haystack.count - needle.count) where haystack[start..<(start + needle.count)].elementsEqual(needle) {
            return start + needle.count
        }
        return nil
    }

    struct Run {
        let start: Int
        let digits: String
    }

    /// Runs of 4–8 digits, allowing single `-` or space separators between groups of 2–4 digits.
    static func digitRuns(_ scalars: [Unicode.Scalar]) -> [Run] {
        var runs: [Run] = []
        var index = 0
        while index < scalars.count {
            guard isDigit(scalars[index]), index == 0 || !isAlphanumeric(scalars[index - 1]) else { index += 1; continue }
            let start = index
            var digits = ""
            var groupLength = 0
            var groups: [Int] = []
            while index < scalars.count {
                if isDigit(scalars[index]) {
                    digits.unicodeScalars.append(scalars[index])
                    groupLength += 1
                    index += 1
                } else if (scalars[index] == "-" || scalars[index] == " "), index + 1 < scalars.count, isDigit(scalars[index + 1]),
                          (2...4).contains(groupLength) {
                    groups.append(groupLength)
                    groupLength = 0
                    index += 1
                } else {
                    break
                }
            }
            groups.append(groupLength)
            let grouped = groups.count > 1
            let followedByLetter = index < scalars.count && isLetter(scalars[index])
            if (4...8).contains(digits.count), !followedByLetter, !grouped || groups.allSatisfy({ (2...4).contains($0) }) {
                runs.append(Run(start: start, digits: digits))
            }
        }
        return runs
    }

    static func isDigit(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) }
    static func isLetter(_ scalar: Unicode.Scalar) -> Bool { scalar.properties.isAlphabetic }
    static func isAlphanumeric(_ scalar: Unicode.Scalar) -> Bool { isDigit(scalar) || isLetter(scalar) }
}
