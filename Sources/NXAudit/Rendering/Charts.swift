import Foundation

/// Inline SVG charts for the HTML report: no script, no external resource (the CSP allows
/// neither), readable when printed. Every label is escaped here; the template inserts the
/// markup as it is.
enum Charts {
    static let width = 1000.0
    static let ink = "#1d2330", muted = "#5b6473", accent = "#1f4e8c", bad = "#b3261e", line = "#d9dee7"

    /// Events per local day as columns; days without events and gaps without any event in red.
    static func eventsPerDay(_ report: AuditReport) -> String {
        let days = report.coverage.eventsPerDay
        guard !days.isEmpty else { return "" }
        let left = 48.0, top = 10.0, height = 150.0, bottom = 22.0
        let plot = width - left - 8
        let most = max(1, days.map(\.count).max() ?? 1)
        let column = plot / Double(days.count)
        var svg = open(
            height: top + height + bottom,
            label: "Events per day, \(days.count) days; weekends shaded; days without events and gaps in red")
        let start = Double(report.period.startSeconds),
            span = Double(report.period.endSeconds - report.period.startSeconds)
        // Weekends first, under everything: a quiet Saturday reads differently from a quiet Tuesday.
        for (index, day) in days.enumerated() where day.day.isWeekend {
            svg += rect(left + Double(index) * column, top, column, height, fill: "#eef0f4")
        }
        for gap in report.coverage.gaps {
            let x = left + (Double(gap.fromSeconds) - start) / span * plot
            let w = max(2, Double(gap.seconds) / span * plot)
            svg += rect(
                x, top, w, height, fill: bad, opacity: 0.12, title: "No event for \(DurationText.hours(gap.seconds)) h")
        }
        for (index, day) in days.enumerated() {
            let x = left + Double(index) * column
            if day.count == 0 {
                // A day without events is a full-height band with its mark: never a sliver.
                svg += rect(
                    x + 1, top, max(1, column - 2), height, fill: bad, opacity: 0.35, title: "\(day.day): no event")
                svg += text(x + column / 2, top + 12, "0", anchor: "middle", size: 11)
            } else {
                let h = max(1, Double(day.count) / Double(most) * height)
                svg += rect(
                    x + 1, top + height - h, max(1, column - 2), h, fill: accent,
                    title: "\(day.day): \(day.count) events")
            }
            if days.count <= 31 || index % 7 == 0 {
                svg += text(
                    x + column / 2, top + height + 15, String(day.day.description.suffix(2)), anchor: "middle", size: 10
                )
            }
        }
        svg += axis(left: left, top: top, height: height, plot: plot, most: most)
        return svg + "</svg>"
    }

    /// Horizontal bars: one per label with a count, most first as given.
    static func bars(_ rows: [(label: String, count: Int)], label: String, color: String = accent) -> String {
        guard !rows.isEmpty else { return "" }
        // Narrower than the day chart: it sits beside others and keeps its text readable.
        let barWidth = 680.0, left = 190.0, rowHeight = 24.0
        let plot = barWidth - left - 50
        let most = max(1, rows.map(\.count).max() ?? 1)
        var svg = open(height: Double(rows.count) * rowHeight + 6, label: label, width: barWidth)
        for (index, row) in rows.enumerated() {
            let y = 4 + Double(index) * rowHeight
            svg += text(left - 8, y + 15, row.label, anchor: "end", size: 12)
            let w = max(2, Double(row.count) / Double(most) * plot)
            svg += rect(left, y + 3, w, rowHeight - 8, fill: color, title: "\(row.label): \(row.count)")
            svg += text(left + w + 6, y + 15, String(row.count), anchor: "start", size: 12)
        }
        return svg + "</svg>"
    }

    /// One lane per component over the period; red where it was down, a tick at each rsyslog restart.
    /// A first lane, "no event at all", shows the period's gaps, so an outage nobody logged is on it too.
    static func outageTimeline(_ report: AuditReport) -> String {
        let gapLane = "no event at all (gaps)"
        let interruptions =
            report.interruptions
            + report.coverage.gaps.map {
                LoggingInterruption(
                    subject: gapLane, fromSeconds: $0.fromSeconds, toSeconds: $0.toSeconds, isMoment: false)
            }
        guard !interruptions.isEmpty else { return "" }
        var lanes: [String] = report.coverage.gaps.isEmpty ? [] : [gapLane]
        for i in interruptions where !lanes.contains(i.subject) { lanes.append(i.subject) }
        let left = 230.0, laneHeight = 26.0, bottom = 22.0
        let plot = width - left - 8
        let start = Double(report.period.startSeconds),
            span = Double(report.period.endSeconds - report.period.startSeconds)
        let clock = ZoneClock(zone: report.period.timeZone)
        var svg = open(
            height: Double(lanes.count) * laneHeight + bottom + 4, label: "Audit-logging interruptions over the period")
        for (index, lane) in lanes.enumerated() {
            let y = 4 + Double(index) * laneHeight
            svg += text(left - 8, y + 16, lane, anchor: "end", size: 12)
            svg += rect(left, y + 4, plot, laneHeight - 10, fill: "#f5f7fa")
            for i in interruptions where i.subject == lane {
                let x = left + (Double(i.fromSeconds) - start) / span * plot
                let end = Double(i.toSeconds ?? report.period.endSeconds)
                let w = i.isMoment ? 2 : max(3, (end - Double(i.fromSeconds)) / span * plot)
                let title =
                    lane == gapLane
                    ? "no event from \(clock.format(utcSeconds: i.fromSeconds)) to "
                        + clock.format(utcSeconds: i.toSeconds ?? report.period.endSeconds)
                    : i.isMoment
                        ? "rsyslog restarted at \(clock.format(utcSeconds: i.fromSeconds))"
                        : "down from \(clock.format(utcSeconds: i.fromSeconds)) to "
                            + (i.toSeconds.map { clock.format(utcSeconds: $0) }
                                ?? "the end of the period (no restart logged)")
                svg += rect(x, y + 2, w, laneHeight - 6, fill: bad, title: title)
            }
        }
        let axisY = 4 + Double(lanes.count) * laneHeight
        let days = report.coverage.eventsPerDay
        for (index, day) in days.enumerated() where days.count <= 31 ? index % 2 == 0 : index % 7 == 0 {
            let x = left + Double(index) / Double(days.count) * plot
            svg += text(x, axisY + 14, String(day.day.description.suffix(5)), anchor: "start", size: 10)
        }
        return svg + "</svg>"
    }

    // MARK: SVG pieces

    static func open(height: Double, label: String, width: Double = width) -> String {
        "<svg class=\"chart\" viewBox=\"0 0 \(number(width)) \(number(height))\" role=\"img\" "
            + "aria-label=\"\(escape(label))\" xmlns=\"http://www.w3.org/2000/svg\">"
            + "<title>\(escape(label))</title>"
    }

    static func rect(
        _ x: Double, _ y: Double, _ w: Double, _ h: Double, fill: String, opacity: Double = 1, title: String? = nil
    ) -> String {
        let body =
            "<rect x=\"\(number(x))\" y=\"\(number(y))\" width=\"\(number(w))\" height=\"\(number(h))\" "
            + "fill=\"\(fill)\""
            + (opacity < 1 ? " fill-opacity=\"\(number(opacity))\"" : "")
        guard let title else { return body + "/>" }
        return body + "><title>\(escape(title))</title></rect>"
    }

    static func text(_ x: Double, _ y: Double, _ content: String, anchor: String, size: Int) -> String {
        "<text x=\"\(number(x))\" y=\"\(number(y))\" text-anchor=\"\(anchor)\" font-size=\"\(size)\" "
            + "fill=\"\(ink)\">\(escape(content))</text>"
    }

    static func axis(left: Double, top: Double, height: Double, plot: Double, most: Int) -> String {
        "<line x1=\"\(number(left))\" y1=\"\(number(top + height))\" x2=\"\(number(left + plot))\" "
            + "y2=\"\(number(top + height))\" stroke=\"\(line)\"/>"
            + text(left - 6, top + 10, String(most), anchor: "end", size: 10)
            + text(left - 6, top + height, "0", anchor: "end", size: 10)
    }

    /// Two decimals at most, no exponent: the same bytes on every machine.
    static func number(_ value: Double) -> String {
        let hundredths = Int((value * 100).rounded())
        let sign = hundredths < 0 ? "-" : ""
        let whole = abs(hundredths) / 100, fraction = abs(hundredths) % 100
        if fraction == 0 { return sign + String(whole) }
        // Two decimals at most, without a trailing zero: 12.5, 0.05.
        let decimals = fraction % 10 == 0 ? String(fraction / 10) : (fraction < 10 ? "0" : "") + String(fraction)
        return sign + String(whole) + "." + decimals
    }

    /// Cleaned for display and escaped like every template value (`MarkupEscaping`).
    static func escape(_ text: String) -> String {
        MarkupEscaping().escapeText(DisplayText.clean(text))
    }
}
