/// How many terminal columns a character takes, so that the caret under a
/// quoted line stays under the right character when the line holds CJK text
/// or emoji (two columns each) before the column. An approximation of
/// wcwidth: grapheme clusters already fold combining marks into their base.
enum DisplayWidth {
    static func of(_ character: Character) -> Int {
        guard let first = character.unicodeScalars.first else { return 0 }
        if first.properties.isEmojiPresentation { return 2 }
        return isWide(first.value) ? 2 : 1
    }

    /// East Asian Wide and Fullwidth ranges (Unicode UAX #11), the common blocks.
    private static func isWide(_ value: UInt32) -> Bool {
        switch value {
        case 0x1100...0x115F,   // Hangul Jamo initials
             0x2E80...0x303E,   // CJK radicals, Kangxi, CJK symbols and punctuation
             0x3041...0x33FF,   // Hiragana, Katakana, Bopomofo, CJK compatibility
             0x3400...0x4DBF,   // CJK extension A
             0x4E00...0x9FFF,   // CJK unified ideographs
             0xA000...0xA4CF,   // Yi
             0xAC00...0xD7A3,   // Hangul syllables
             0xF900...0xFAFF,   // CJK compatibility ideographs
             0xFE30...0xFE4F,   // CJK compatibility forms
             0xFF00...0xFF60,   // Fullwidth forms
             0xFFE0...0xFFE6,
             0x20000...0x2FFFD, // CJK extensions B-F
             0x30000...0x3FFFD:
            return true
        default:
            return false
        }
    }
}
