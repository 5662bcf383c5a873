import Core
import Testing

@Suite struct HexTests {
    @Test func decodeReadsBackWhatEncodeWrote() {
        let bytes: [UInt8] = [0x00, 0x0f, 0x10, 0x7f, 0x80, 0xab, 0xff]
        #expect(Hex.decode(Hex.encode(bytes)) == bytes)
        #expect(Hex.decode("") == [])
        #expect(Hex.decode("abc") == nil)    // odd length
        #expect(Hex.decode("AB") == nil)     // not our spelling
        #expect(Hex.decode("0g") == nil)
        #expect(Hex.digitValue(UInt8(ascii: "F")) == 15 && Hex.digitValue(UInt8(ascii: "f")) == 15 && Hex.digitValue(UInt8(ascii: "g")) == nil)
    }
}
