import Core
import Testing

@Suite struct ConfigurationTests {
    @Test func defaultsApplyWithoutFileOrEnvironment() throws {
        let config = try Configuration.load(fileText: nil, environment: [:])
        #expect(config.dataDirectory == "var")
        #expect(config.listenAddress == "var/run/smscode.sock")
        #expect(config.fcgiThreads == 8)
        #expect(config.maxBodyBytes == 65536)
    }

    @Test func environmentOverridesTheFile() throws {
        let file = """
            # comment
            MAX_BODY = 1024   # trailing comment
            fcgi_threads=4
            """
        let config = try Configuration.load(fileText: file, environment: ["SMSCODE_FCGI_THREADS": "2", "SMSCODE_DATA_DIR": "/tmp/x", "OTHER": "1"])
        #expect(config.maxBodyBytes == 1024)
        #expect(config.fcgiThreads == 2)
        #expect(config.listenAddress == "/tmp/x/run/smscode.sock")
    }

    @Test func typosAndBadValuesFailLoudly() {
        #expect(throws: ConfigurationError.unknownSetting("MAX_BODDY")) {
            try Configuration.load(fileText: "MAX_BODDY = 1", environment: [:])
        }
        #expect(throws: ConfigurationError.malformedLine(2)) {
            try Configuration.load(fileText: "MAX_BODY = 2048\nnonsense", environment: [:])
        }
        #expect(throws: ConfigurationError.invalidValue("FCGI_THREADS", "zero")) {
            try Configuration.load(fileText: nil, environment: ["SMSCODE_FCGI_THREADS": "zero"])
        }
        #expect(throws: ConfigurationError.invalidValue("LISTEN", ":9000")) {
            try Configuration.load(fileText: nil, environment: ["SMSCODE_LISTEN": ":9000"])
        }
    }

    @Test func exampleFileDocumentsEverySettingAndParsesBack() throws {
        let example = Configuration.exampleFile()
        for setting in Configuration.settings {
            #expect(example.contains("# \(setting.name) = \(setting.defaultValue)"))
        }
        // Uncommenting every line yields the defaults again.
        let uncommented = example.split(separator: "\n").filter { $0.hasPrefix("# ") && $0.contains(" = ") }
            .map { String($0.dropFirst(2)) }.joined(separator: "\n")
        let config = try Configuration.load(fileText: uncommented, environment: [:])
        #expect(config.values == Configuration.defaults.values)
    }
}

@Suite struct ClockAndRandomTests {
    @Test func manualClockMovesOnlyWhenTold() {
        let clock = ManualClock()
        let start = clock.clock.now()
        #expect(clock.clock.now() == start)
        clock.advance(by: 30 * 86400)
        #expect(clock.clock.now().timeIntervalSince(start) == 30 * 86400)
    }

    @Test func seededRandomIsRepeatableAndHexIsWellFormed() {
        let first = RandomSource.seeded(42).hex(16)
        #expect(first == RandomSource.seeded(42).hex(16))
        #expect(first != RandomSource.seeded(43).hex(16))
        #expect(first.count == 32)
        #expect(first.allSatisfy { "0123456789abcdef".contains($0) })
    }

    @Test func liveRandomDiffers() {
        #expect(RandomSource.live.hex(16) != RandomSource.live.hex(16))
    }
}

@Suite struct ProbeCacheTests {
    @Test func cachedProbeAsksAtMostOncePerMaxAge() {
        let clock = ManualClock()
        let calls = Counter()
        let flaky = DatabaseProbe { calls.increment() % 2 == 0 }  // alternates true, false, true…
        let probe = flaky.cached(maxAge: 1, clock: clock.clock)
        #expect(probe.isReachable() == true)
        #expect(probe.isReachable() == true)  // cached
        #expect(calls.value == 1)
        clock.advance(by: 1)
        #expect(probe.isReachable() == false) // re-checked once the result is a second old
        #expect(calls.value == 2)
    }
}

final class Counter: @unchecked Sendable {
    private let lock = Lock()
    private var count = 0
    var value: Int { lock.withLock { count } }
    /// Returns the value before incrementing.
    func increment() -> Int { lock.withLock { defer { count += 1 }; return count } }
}
