/// A decimal number read from digits with `,`/`.` separators: `mantissa × 10^-fractionDigits`.
public struct ParsedNumber: Sendable, Equatable {
    /// All significant digits as an integer.
    public var mantissa: Int64
    /// How many of those digits follow the decimal separator.
    public var fractionDigits: Int
    /// Whether the number was written with thousands separators.
    public var grouped: Bool
    /// How many digits the integer part has.
    public var integerDigits: Int

    /// The value times 10^exponent, exact whenever the result is an integer that a Double represents.
    public func value(scaledBy exponent: Int = 0) -> Double {
        let shift = exponent - fractionDigits
        if shift >= 0 {
            var result = mantissa
            for _ in 0..<shift {
                let (product, overflow) = result.multipliedReportingOverflow(by: 10)
                if overflow { return Double(mantissa) * pow10(shift) }
                result = product
            }
            return Double(result)
        }
        return Double(mantissa) / pow10(-shift)
    }

    private func pow10(_ exponent: Int) -> Double {
        var result = 1.0
        for _ in 0..<exponent { result *= 10 }
        return result
    }

    /// Whether this is a plain integer with no separators or fraction.
    public var isPlainInteger: Bool { fractionDigits == 0 && !grouped }

    /// Parses digits with separators: `10,000` and `1.234.567` group thousands, `98,3` and `1.3` are decimals.
    public static func parse(_ bytes: ArraySlice<UInt8>) -> ParsedNumber? {
        var groups: [Int] = []
        var separators: [UInt8] = []
        var digits = 0
        for byte in bytes {
            if byte >= 0x30 && byte <= 0x39 {
                digits += 1
            } else if byte == 0x2C || byte == 0x2E {
                groups.append(digits)
                separators.append(byte)
                digits = 0
            } else {
                return nil
            }
        }
        groups.append(digits)
        var decimalIndex: Int?
        if let last = separators.last {
            let mixed = separators.contains { $0 != last }
            if mixed {
                decimalIndex = separators.count - 1
            } else if separators.count == 1 {
                let isThousands = last == 0x2C && groups[1] == 3 && groups[0] <= 3
                decimalIndex = isThousands ? nil : 0
            } else {
                decimalIndex = nil
            }
        }
        var mantissa: Int64 = 0
        var fraction = 0
        var integerDigits = 0
        var separatorIndex = 0
        var significant = 0
        for byte in bytes {
            if byte == 0x2C || byte == 0x2E {
                separatorIndex += 1
                continue
            }
            if significant >= 18 { return nil }
            mantissa = mantissa * 10 + Int64(byte - 0x30)
            if mantissa > 0 { significant += 1 }
            if let decimal = decimalIndex, separatorIndex > decimal {
                fraction += 1
            } else {
                integerDigits += 1
            }
        }
        let grouped = !separators.isEmpty && (decimalIndex == nil || separators.count > 1)
        return ParsedNumber(mantissa: mantissa, fractionDigits: fraction, grouped: grouped, integerDigits: integerDigits)
    }
}
