import Foundation
import GalleyCore

/// HTML building blocks of the report: escaping, inline SVG charts, highlighted bodies.
enum HTML {
    /// Escapes `&`, `<`, `>` and `"`, scanning UTF-8 bytes.
    static func escape(_ s: String) -> String {
        var needs = false
        for b in s.utf8 where b == 0x26 || b == 0x3C || b == 0x3E || b == 0x22 { needs = true; break }
        guard needs else { return s }
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count + 16)
        appendEscaped(s.utf8, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends escaped UTF-8 bytes.
    static func appendEscaped<C: Sequence>(_ bytes: C, to out: inout [UInt8]) where C.Element == UInt8 {
        for b in bytes {
            switch b {
            case 0x26: out.append(contentsOf: [0x26, 0x61, 0x6D, 0x70, 0x3B])  // &amp;
            case 0x3C: out.append(contentsOf: [0x26, 0x6C, 0x74, 0x3B])  // &lt;
            case 0x3E: out.append(contentsOf: [0x26, 0x67, 0x74, 0x3B])  // &gt;
            case 0x22: out.append(contentsOf: [0x26, 0x71, 0x75, 0x6F, 0x74, 0x3B])  // &quot;
            default: out.append(b)
            }
        }
    }

    /// Shortens a label to `max` characters with an ellipsis.
    static func clip(_ s: String, _ max: Int) -> String { s.count <= max ? s : String(s.prefix(max - 1)) + "…" }

    /// Thousands separators: 12345 → 12,345.
    static func number(_ n: Int) -> String {
        let s = String(n.magnitude)
        var out = ""
        for (i, ch) in s.enumerated() {
            if i > 0 && (s.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return (n < 0 ? "-" : "") + out
    }

    /// A horizontal bar chart as inline SVG: one row per item, the value printed after the bar.
    static func barChart(_ items: [(label: String, value: Double)], color: String, format: (Double) -> String = { number(Int($0)) }) -> String {
        guard !items.isEmpty else { return "" }
        let labelWidth = 160.0, barWidth = 270.0, row = 24.0, width = labelWidth + barWidth + 70
        let maxValue = items.map(\.value).max() ?? 1
        var svg = "<svg class=\"chart\" viewBox=\"0 0 \(Int(width)) \(Int(row * Double(items.count) + 4))\" width=\"\(Int(width))\" role=\"img\">"
        for (i, item) in items.enumerated() {
            let y = Double(i) * row + 2
            let w = maxValue > 0 ? max(2, item.value / maxValue * barWidth) : 2
            svg += "<text x=\"\(Int(labelWidth - 8))\" y=\"\(Int(y + 16))\" text-anchor=\"end\">\(escape(clip(item.label, 24)))</text>"
            svg += "<rect x=\"\(Int(labelWidth))\" y=\"\(Int(y + 3))\" width=\"\(String(format: "%.1f", w))\" height=\"\(Int(row - 6))\" rx=\"3\" fill=\"\(color)\"><title>\(escape(item.label)): \(format(item.value))</title></rect>"
            svg += "<text class=\"v\" x=\"\(String(format: "%.1f", labelWidth + w + 6))\" y=\"\(Int(y + 16))\">\(format(item.value))</text>"
        }
        return svg + "</svg>"
    }

    /// A column chart over ordered buckets (a timeline) as inline SVG, with a few bucket labels under the axis.
    static func columnChart(_ buckets: [(label: String, value: Int)], color: String, width: Double = 1040) -> String {
        guard !buckets.isEmpty else { return "" }
        let height = 190.0, top = 18.0, bottom = 36.0, left = 44.0
        let plotW = width - left - 10, plotH = height - top - bottom
        let maxValue = Double(buckets.map(\.value).max() ?? 1)
        let slot = plotW / Double(buckets.count)
        var svg = "<svg class=\"chart timeline\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" width=\"100%\" role=\"img\">"
        svg += "<line x1=\"\(Int(left))\" y1=\"\(Int(top + plotH))\" x2=\"\(Int(width - 10))\" y2=\"\(Int(top + plotH))\" stroke=\"#bbb\"/>"
        svg += "<text class=\"v\" x=\"\(Int(left - 6))\" y=\"\(Int(top + 4))\" text-anchor=\"end\">\(number(Int(maxValue)))</text>"
        svg += "<text class=\"v\" x=\"\(Int(left - 6))\" y=\"\(Int(top + plotH))\" text-anchor=\"end\">0</text>"
        let labelEvery = max(1, Int((Double(buckets.count) / (width / 90)).rounded(.up)))
        for (i, b) in buckets.enumerated() {
            let h = maxValue > 0 ? Double(b.value) / maxValue * plotH : 0
            let x = left + Double(i) * slot
            let w = max(1, min(slot * 0.8, 36))
            if b.value > 0 {
                svg += "<rect x=\"\(String(format: "%.1f", x + (slot - w) / 2))\" y=\"\(String(format: "%.1f", top + plotH - max(h, 1)))\" width=\"\(String(format: "%.1f", w))\" height=\"\(String(format: "%.1f", max(h, 1)))\" fill=\"\(color)\"><title>\(escape(b.label)): \(number(b.value))</title></rect>"
            }
            if i % labelEvery == 0 || i == buckets.count - 1 && buckets.count <= 12 {
                svg += "<text class=\"v\" x=\"\(String(format: "%.1f", x + slot / 2))\" y=\"\(Int(top + plotH + 16))\" text-anchor=\"middle\">\(escape(b.label))</text>"
            }
        }
        return svg + "</svg>"
    }

    /// The document body with entities and quotes wrapped in `<mark>` (nested spans clipped to their parent).
    static func highlightedBody(_ doc: Document) -> [UInt8] {
        struct Span { var start: Int; var end: Int; var open: String }
        var spans: [Span] = []
        for a in doc.annotations where a.end > a.start {
            switch a.kind {
            case "quotes":
                let who = a.attributes["speaker"]?.stringValue.map { "quote by " + $0 } ?? "quote"
                spans.append(Span(start: a.start, end: a.end, open: "<mark class=\"q\" title=\"\(escape(who))\">"))
            case "entities":
                let label = a.attributes["label"]?.stringValue ?? "MISC"
                let safe = ["PER", "LOC", "ORG"].contains(label) ? label : "MISC"
                spans.append(Span(start: a.start, end: a.end, open: "<mark class=\"e \(safe)\" title=\"\(escape(label))\">"))
            case "quantities":
                let kind = a.attributes["kind"]?.stringValue ?? "quantity"
                spans.append(Span(start: a.start, end: a.end, open: "<mark class=\"n\" title=\"\(escape(kind))\">"))
            case "dates":
                let value = a.attributes["value"]?.description ?? "date"
                spans.append(Span(start: a.start, end: a.end, open: "<mark class=\"d\" title=\"\(escape(value))\">"))
            default: continue
            }
        }
        spans.sort { $0.start != $1.start ? $0.start < $1.start : $0.end > $1.end }
        var out: [UInt8] = []
        out.reserveCapacity(doc.text.utf8.count + spans.count * 48)
        var stack: [Int] = []
        var next = 0
        var pos = -1
        let close = Array("</mark>".utf8)
        for b in doc.text.utf8 {
            if b & 0xC0 != 0x80 {
                // A new scalar starts here: close the spans that end and open the ones that start.
                pos += 1
                while let top = stack.last, top <= pos { stack.removeLast(); out.append(contentsOf: close) }
                while next < spans.count, spans[next].start <= pos {
                    let s = spans[next]
                    next += 1
                    let end = min(s.end, stack.last ?? Int.max)
                    guard s.start == pos, end > pos else { continue }
                    stack.append(end)
                    out.append(contentsOf: Array(s.open.utf8))
                }
            }
            switch b {
            case 0x26, 0x3C, 0x3E, 0x22: appendEscaped(CollectionOfOne(b), to: &out)
            default: out.append(b)
            }
        }
        for _ in stack { out.append(contentsOf: close) }
        return out
    }
}
