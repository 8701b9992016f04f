import Foundation
import GalleyCore

/// The sections of the page, each from the aggregates.
extension OutputReport {
    func top(_ table: [String: Int]) -> [(label: String, value: Double)] {
        table.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(top).map { ($0.key, Double($0.value)) }
    }

    func head(_ a: Aggregates) -> String {
        """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="generator" content="galley output.report">
        <title>\(HTML.escape(title))</title>
        <style>\(Self.css)</style></head><body>
        <header><h1>\(HTML.escape(title))</h1>
        <nav><a href="#overview">Overview</a><a href="#corpus">Corpus</a><a href="#entities">People, places, organisations</a>\(a.languages.isEmpty && a.keywords.isEmpty && a.clusters.isEmpty && a.places.isEmpty ? "" : "<a href=\"#enrichment\">Languages, keywords, duplicates</a>")<a href="#timeline">Timeline</a><a href="#quotes">Quotes</a><a href="#timing">Timing</a><a href="#documents">Documents</a></nav></header>
        <main>
        """
    }

    func overview(_ a: Aggregates) -> String {
        let days = a.published.keys.sorted()
        let range = days.isEmpty ? "—" : days.first! == days.last! ? days.first! : "\(days.first!) → \(days.last!)"
        var cards: [(String, String)] = [
            ("documents", HTML.number(a.documents)),
            ("words", HTML.number(a.words)),
            ("words per document", a.documents > 0 ? HTML.number(a.words / a.documents) : "—"),
            ("published", range),
        ]
        for (kind, label) in [("entities", "entities"), ("quotes", "quotes"), ("quantities", "figures"), ("dates", "dates mentioned")] {
            cards.append((label, HTML.number(a.counts[kind, default: 0])))
        }
        let html = cards.map { "<div class=\"card\"><div class=\"big\">\(HTML.escape($0.1))</div><div class=\"label\">\(HTML.escape($0.0))</div></div>" }
        return "<section id=\"overview\"><h2>Overview</h2><div class=\"cards\">\(html.joined())</div></section>\n"
    }

    func corpusSection(_ a: Aggregates) -> String {
        guard a.documents > 0 else { return "" }
        var html = "<section id=\"corpus\"><h2>Corpus</h2><div class=\"grid\">"
        html += "<div class=\"panel\"><h3><span class=\"dot\" style=\"background:#2a8f9c\"></span>Documents by folder <span class=\"muted\">(\(HTML.number(a.folders.count)))</span></h3>\(HTML.barChart(top(a.folders), color: "#2a8f9c"))</div>"
        let last = a.lengths.keys.max() ?? 0
        let buckets = (0...last).map { i in (label: i == 15 ? "1500+" : "\(i * 100)–\(i * 100 + 99)", value: a.lengths[i, default: 0]) }
        html += "<div class=\"panel\"><h3><span class=\"dot\" style=\"background:#5c7080\"></span>Length in words</h3>\(HTML.columnChart(buckets, color: "#5c7080", width: 520))</div>"
        return html + "</div></section>\n"
    }

    func entitySection(_ a: Aggregates) -> String {
        var html = "<section id=\"entities\"><h2>People, places and organisations</h2>"
        let groups = [("PER", "People", "#3f6fd8"), ("LOC", "Places", "#2b9b6e"), ("ORG", "Organisations", "#d9822b"), ("MISC", "Other names", "#8a5cc7")]
        let present = groups.filter { !(a.names[$0.0]?.isEmpty ?? true) }
        if present.isEmpty {
            html += "<p class=\"note\">No entities in this run: the pipeline has no entity stage yet. Speakers, figures and dates below come from the stages that did run.</p>"
        } else {
            html += "<div class=\"grid\">"
            for (label, name, color) in present {
                html += "<div class=\"panel\"><h3><span class=\"dot\" style=\"background:\(color)\"></span>\(name) <span class=\"muted\">(\(HTML.number(a.names[label]!.count)) distinct)</span></h3>\(HTML.barChart(top(a.names[label]!), color: color))</div>"
            }
            html += "</div>"
        }
        if !a.speakers.isEmpty || !a.quantityKinds.isEmpty {
            html += "<div class=\"grid\">"
            if !a.speakers.isEmpty {
                html += "<div class=\"panel\"><h3><span class=\"dot\" style=\"background:#c9a227\"></span>Most quoted <span class=\"muted\">(\(HTML.number(a.speakers.count)) speakers)</span></h3>\(HTML.barChart(top(a.speakers), color: "#c9a227"))</div>"
            }
            if !a.quantityKinds.isEmpty {
                html += "<div class=\"panel\"><h3><span class=\"dot\" style=\"background:#5c7080\"></span>Figures by kind</h3>\(HTML.barChart(top(a.quantityKinds), color: "#5c7080"))</div>"
            }
            html += "</div>"
        }
        return html + "</section>\n"
    }

    /// Languages, top keywords, places by country and duplicate clusters (from the enrichment stages).
    func enrichmentSection(_ a: Aggregates) -> String {
        guard !a.languages.isEmpty || !a.keywords.isEmpty || !a.places.isEmpty || !a.clusters.isEmpty else { return "" }
        var html = "<section id=\"enrichment\"><h2>Languages, keywords, places and duplicates</h2><div class=\"grid\">"
        if !a.languages.isEmpty {
            html += "<div class=\"panel\"><h3><span class=\"dot\" style=\"background:#2a8f9c\"></span>Languages <span class=\"muted\">(\(HTML.number(a.languages.count)))</span></h3>\(HTML.barChart(top(a.languages), color: "#2a8f9c"))</div>"
        }
        if !a.keywords.isEmpty {
            html += "<div class=\"panel\"><h3><span class=\"dot\" style=\"background:#c9a227\"></span>Top keywords <span class=\"muted\">(documents)</span></h3>\(HTML.barChart(top(a.keywords), color: "#c9a227"))</div>"
        }
        if !a.places.isEmpty {
            let named = top(a.places).map { item -> (label: String, value: Double) in
                (label: a.placeNames[item.label].map { "\($0) (\(item.label))" } ?? item.label, value: item.value)
            }
            html += "<div class=\"panel\"><h3><span class=\"dot\" style=\"background:#2b9b6e\"></span>Places and nationalities by country <span class=\"muted\">(\(HTML.number(a.places.count)) linked)</span></h3>\(HTML.barChart(named, color: "#2b9b6e"))</div>"
        }
        if !a.clusters.isEmpty {
            let exact = a.clusters.values.reduce(0) { $0 + $1.exact }, near = a.clusters.values.reduce(0) { $0 + $1.near }
            let biggest = a.clusters.sorted { ($0.value.exact + $0.value.near, $1.key) > ($1.value.exact + $1.value.near, $0.key) }.prefix(top)
            let bars = biggest.map { (label: HTML.clip($0.value.title, 50), value: Double($0.value.exact + $0.value.near + 1)) }
            html += "<div class=\"panel\"><h3><span class=\"dot\" style=\"background:#b5475c\"></span>Duplicate clusters <span class=\"muted\">(\(HTML.number(a.clusters.count)) clusters; \(HTML.number(exact)) exact and \(HTML.number(near)) near duplicates)</span></h3>\(HTML.barChart(bars, color: "#b5475c"))</div>"
        }
        return html + "</div></section>\n"
    }

    func timelineSection(_ a: Aggregates) -> String {
        var html = "<section id=\"timeline\"><h2>Timeline</h2><h3>Publication dates</h3>"
        if a.published.isEmpty {
            html += "<p class=\"note\">No document has a publication date.</p>"
        } else {
            html += HTML.columnChart(Self.buckets(a.published), color: "#3f6fd8")
        }
        html += "<h3>Dates mentioned in the text</h3>"
        if a.mentioned.isEmpty {
            html += "<p class=\"note\">No dates were found in the text (an <code>enrich.dates</code> stage adds them).</p>"
        } else {
            // A few far-off years (history, forecasts) would squash the chart: show the middle 90% of mentions.
            let (kept, outside) = Self.central(a.mentioned, share: 0.9)
            html += HTML.columnChart(Self.buckets(kept), color: "#2b9b6e")
            if outside > 0 {
                let years = a.mentioned.keys.compactMap { Int($0.prefix(4)) }
                html += "<p class=\"muted\">\(HTML.number(outside)) \(outside == 1 ? "mention" : "mentions") outside \(kept.keys.min()!.prefix(4))–\(kept.keys.max()!.prefix(4)) not shown (earliest \(years.min()!), latest \(years.max()!)).</p>"
            }
        }
        return html + "</section>\n"
    }

    func quotesSection(_ a: Aggregates, hasRows: Bool) -> String {
        var html = "<section id=\"quotes\"><h2>Quotes</h2>"
        if !hasRows { html += "<p class=\"note\">No quotes in this run.</p>" }
        return html
    }

    func timingSection(_ a: Aggregates) -> String {
        var html = "<section id=\"timing\"><h2>Time per stage</h2>"
        guard !a.stageSeconds.isEmpty else { return html + "<p class=\"note\">No stage timings.</p></section>\n" }
        let items = a.stageSeconds.map { (label: $0.key, value: $0.value * 1000) }
        html += HTML.barChart(items, color: "#5c7080", format: { String(format: "%.1f ms", $0) })
        html += "<table class=\"timing\"><thead><tr><th>Stage</th><th>Documents</th><th>Total</th><th>Per document</th></tr></thead><tbody>"
        for (stage, seconds) in a.stageSeconds {
            let n = a.stageDocuments[stage, default: 0]
            html += "<tr><td><code>\(HTML.escape(stage))</code></td><td>\(HTML.number(n))</td><td>\(String(format: "%.1f ms", seconds * 1000))</td><td>\(String(format: "%.3f ms", n > 0 ? seconds * 1000 / Double(n) : 0))</td></tr>"
        }
        html += "</tbody></table><p class=\"muted\">Stages that run before this report; outputs listed after it in the pipeline are not timed here.</p>"
        return html + "</section>\n"
    }

    func documentsHeader(_ a: Aggregates) -> String {
        var html = "<section id=\"documents\"><h2>Documents</h2>"
        html += "<p class=\"legend\"><mark class=\"e PER\">person</mark> <mark class=\"e LOC\">place</mark> <mark class=\"e ORG\">organisation</mark> <mark class=\"e MISC\">other name</mark> <mark class=\"q\">quote</mark> <mark class=\"n\">figure</mark> <mark class=\"d\">date</mark></p>"
        if a.documents > a.documentsShown {
            html += "<p class=\"muted\">The first \(HTML.number(a.documentsShown)) of \(HTML.number(a.documents)) documents are shown (set <code>max_documents</code> for more).</p>"
        }
        html += "<details class=\"index\"\(a.documentsShown <= 30 ? " open" : "")><summary>Index of \(HTML.number(a.documentsShown)) documents</summary><ol>"
        return html
    }

    /// The keys between the percentiles that hold the middle `share` of the counts, and how many counts fell outside.
    static func central(_ counts: [String: Int], share: Double) -> (kept: [String: Int], outside: Int) {
        let keys = counts.keys.sorted()
        let total = counts.values.reduce(0, +)
        let cut = Int(Double(total) * (1 - share) / 2)
        var low = 0, high = keys.count - 1, dropped = 0
        while low < high, dropped + counts[keys[low]]! <= cut { dropped += counts[keys[low]]!; low += 1 }
        var droppedHigh = 0
        while high > low, droppedHigh + counts[keys[high]]! <= cut { droppedHigh += counts[keys[high]]!; high -= 1 }
        var kept: [String: Int] = [:]
        for k in keys[low...high] { kept[k] = counts[k] }
        return (kept, dropped + droppedHigh)
    }

    /// Continuous buckets over the keys' range: days (`YYYY-MM-DD`) when it spans ≤ 62 days, else months, else years when over 6 years.
    static func buckets(_ counts: [String: Int]) -> [(label: String, value: Int)] {
        func ym(_ k: String) -> (Int, Int)? {
            let b = Array(k.utf8)
            guard b.count >= 4, let y = Int(String(decoding: b[0..<4], as: UTF8.self)) else { return nil }
            let m = b.count >= 7 ? Int(String(decoding: b[5..<7], as: UTF8.self)) ?? 0 : 0
            return (y, m)
        }
        let keys = counts.keys.sorted()
        guard let first = keys.first.flatMap(ym), let last = keys.last.flatMap(ym) else { return [] }
        let months = (last.0 - first.0) * 12 + (last.1 - first.1)
        let hasDays = keys.allSatisfy { $0.utf8.count >= 10 }
        if hasDays && months <= 2 {
            // Days: walk the calendar from the first to the last key.
            let cal = Calendar(identifier: .gregorian)
            var comps = DateComponents()
            comps.year = first.0; comps.month = first.1
            comps.day = Int(String(decoding: Array(keys.first!.utf8.dropFirst(8).prefix(2)), as: UTF8.self)) ?? 1
            guard var day = cal.date(from: comps) else { return [] }
            var out: [(String, Int)] = []
            let fmt = DateFormatter()
            fmt.dateFormat = "yyyy-MM-dd"
            fmt.timeZone = TimeZone(identifier: "UTC")
            var tz = cal
            tz.timeZone = TimeZone(identifier: "UTC")!
            comps.timeZone = TimeZone(identifier: "UTC")
            day = tz.date(from: comps) ?? day
            while out.count < 70 {
                let k = fmt.string(from: day)
                out.append((k, counts[k, default: 0]))
                if k >= keys.last! { break }
                day = tz.date(byAdding: .day, value: 1, to: day) ?? day
            }
            return out
        }
        var byMonth: [String: Int] = [:], byYear: [Int: Int] = [:]
        for (k, v) in counts {
            guard let (y, m) = ym(k) else { continue }
            byYear[y, default: 0] += v
            if m > 0 { byMonth[String(format: "%04d-%02d", y, m), default: 0] += v }
        }
        if months <= 72 && !byMonth.isEmpty {
            var out: [(String, Int)] = []
            var (y, m) = (first.0, max(1, first.1))
            while (y, m) <= (last.0, max(1, last.1)) {
                let k = String(format: "%04d-%02d", y, m)
                out.append((k, byMonth[k, default: 0]))
                m += 1
                if m > 12 { m = 1; y += 1 }
            }
            return out
        }
        return (first.0...last.0).map { (String($0), byYear[$0, default: 0]) }
    }
}
