/// Neutralises terminal control characters in user data. Node names, messages
/// built from them, paths and quoted source lines all come from the model
/// file; an ESC in a layer name must not be able to recolour, move the cursor,
/// retitle the window or forge a fake finding line (with a newline) in the
/// user's terminal or CI log.
enum TerminalSafe {
    /// `text` with every control character except tab replaced by a visible,
    /// one-column stand-in: C0 controls and DEL by their Unicode control
    /// pictures (ESC -> `␛`, LF -> `␊`), C1 controls (0x80-0x9F, which include
    /// the 8-bit CSI) by U+FFFD. Tabs stay, so quoted lines keep their layout;
    /// every other character, UTF-8 included, is kept as is.
    static func sanitize(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsReplacement) else { return text }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            result.append(needsReplacement(scalar) ? replacement(for: scalar) : scalar)
        }
        return String(result)
    }

    /// Unicode's control characters (general category Cc) are exactly
    /// U+0000-U+001F and U+007F-U+009F: compared as numbers, rather than
    /// through `properties.generalCategory`, a table lookup per character
    /// that was most of the time a folder's report took to print.
    static func needsReplacement(_ scalar: Unicode.Scalar) -> Bool {
        scalar != "\t" && (scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value))
    }

    /// The visible stand-in for a control character; the DOT and HTML
    /// escapers use it too, after their own escapes.
    static func replacement(for scalar: Unicode.Scalar) -> Unicode.Scalar {
        switch scalar.value {
        case 0x00...0x1F: return Unicode.Scalar(0x2400 + scalar.value)!
        case 0x7F: return "\u{2421}"
        default: return "\u{FFFD}"
        }
    }
}
