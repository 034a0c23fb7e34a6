import Foundation

/// A rendered report as the parts it is made of, in order: the document's own text and,
/// where its template placed them, the rows of each register.
///
/// The rows are rendered only when the document is written (`write`), a chunk at a time
/// on another thread just ahead of the writer, so a yearly report's hundreds of MB of rows
/// never exist at once. An XML document carries its schema check, made in that same pass:
/// `write` throws when the document is invalid, and the writer then discards what it got.
public struct RenderedDocument: Sendable {
    enum Piece: Sendable {
        case text(String)
        /// A register's rows; the document's own line end ends the last one.
        case rows(RowRenderer)
    }

    /// The schema a document must pass, and what a failure names.
    struct SchemaCheck: Sendable {
        let validator: XMLSchemaValidator
        /// The document template's file, for the message.
        let template: String
        let byBuiltInTemplates: Bool
    }

    private(set) var pieces: [Piece]
    private(set) var check: SchemaCheck?

    init(parts: [String]) {
        pieces = parts.map(Piece.text)
    }

    /// Cuts `document` at each marker of `rows` and puts the marker's rows there.
    init(splicing document: String, rows: [String: RowRenderer], check: SchemaCheck? = nil) {
        self.check = check
        guard !rows.isEmpty, document.utf8.contains(1) else {
            pieces = [.text(document)]
            return
        }
        var pieces: [Piece] = []
        var rest = document[...]
        while let start = rest.utf8.firstIndex(of: 1) {
            let afterStart = rest.utf8.index(after: start)
            guard let end = rest.utf8[afterStart...].firstIndex(of: 1) else { break }
            let marker = String(rest[start...end])
            if let renderer = rows[marker] {
                pieces.append(.text(String(rest[..<start])))
                pieces.append(.rows(renderer))
            } else {
                pieces.append(.text(String(rest[...end])))
            }
            rest = rest[rest.utf8.index(after: end)...]
        }
        pieces.append(.text(String(rest)))
        self.pieces = pieces
    }

    /// Hands every part of the document to `body`, in order, rendering rows as they are
    /// reached and checking the schema (when the document has one) in the same pass. Throws
    /// when a row cannot be rendered or the document is invalid; `body` has then seen parts
    /// of a document that must not be kept.
    public func write(_ body: (String) -> Void) throws(RenderError) {
        let parts = PartStream(pieces)
        defer { parts.stop() }
        guard let check else {
            while let part = parts.next() { body(part) }
            if let failure = parts.failure { throw failure }
            return
        }
        let problems = check.validator.validate(next: parts.next, passing: body)
        if let failure = parts.failure { throw failure }
        guard problems.isEmpty else {
            throw .reportInvalid(
                template: check.template, diagnostics: problems, byBuiltInTemplates: check.byBuiltInTemplates)
        }
    }

    /// Every part, checked: for standard output (nothing may be written before the check
    /// passes), the PDF's attachment and tests.
    public func parts() throws(RenderError) -> [String] {
        var parts: [String] = []
        try write { parts.append($0) }
        return parts
    }

    /// The document as one string, checked.
    public func text() throws(RenderError) -> String { try parts().joined() }
}

/// The parts of a document in order, the text pieces as they are and each register's rows
/// in chunks that one background thread renders a few ahead of the reader.
final class PartStream: @unchecked Sendable {
    private enum Step {
        case text(String)
        case chunk(job: Int, last: Bool)
    }

    /// How many chunks may be rendered and not yet read.
    static let lookAhead = 8

    private let steps: [Step]
    private let jobs: [(renderer: RowRenderer, chunk: Int)]
    private var position = 0
    /// The chunk held back until the next non-empty chunk of its register: the register's
    /// last row loses its line end.
    private var held: String?
    /// Whether `held` is of the register being read (its line end not yet settled).
    private var heldOpen = false
    private(set) var failure: RenderError?

    // Shared with the rendering thread, under `condition`.
    private let condition = NSCondition()
    private var rendered: [Int: Result<String, RenderError>] = [:]
    private var wanted = 0
    private var stopped = false

    init(_ pieces: [RenderedDocument.Piece]) {
        var steps: [Step] = []
        var jobs: [(renderer: RowRenderer, chunk: Int)] = []
        for piece in pieces {
            switch piece {
            case .text(let text): if !text.isEmpty { steps.append(.text(text)) }
            case .rows(let rows):
                for chunk in 0..<rows.chunks {
                    steps.append(.chunk(job: jobs.count, last: chunk == rows.chunks - 1))
                    jobs.append((rows, chunk))
                }
            }
        }
        self.steps = steps
        self.jobs = jobs
        if !jobs.isEmpty {
            // The thread holds the stream until its last chunk or `stop()`; nothing holds the thread.
            let thread = Thread { [self] in renderAhead() }
            thread.name = "nxaudit rows"
            thread.start()
        }
    }

    /// The next part, or nil at the end (or after a row could not be rendered: `failure`).
    func next() -> String? {
        while failure == nil, position < steps.count {
            let step = steps[position]
            position += 1
            switch step {
            case .text(let text):
                if let held = held.take() {
                    position -= 1  // the text comes next time
                    return held
                }
                return text
            case .chunk(let job, let last):
                var chunk: String
                switch take(job) {
                case .success(let text): chunk = text
                case .failure(let error):
                    failure = error
                    return nil
                }
                if !chunk.isEmpty, let earlier = held.take() {
                    (held, heldOpen) = (chunk, true)
                    if last { finishRows() }
                    return earlier
                }
                if !chunk.isEmpty { (held, heldOpen) = (chunk, true) }
                if last { finishRows() }
            }
        }
        return failure == nil ? held.take() : nil
    }

    /// The register's rows are over: its last row's line end goes.
    private func finishRows() {
        if heldOpen, held?.hasSuffix("\n") == true { held!.removeLast() }
        heldOpen = false
    }

    /// Chunk `job`, once the rendering thread has it.
    private func take(_ job: Int) -> Result<String, RenderError> {
        condition.lock()
        defer { condition.unlock() }
        wanted = job + 1
        condition.broadcast()
        while rendered[job] == nil { condition.wait() }
        return rendered.removeValue(forKey: job)!
    }

    /// Lets the rendering thread end (the reader is done, or gave up).
    func stop() {
        condition.lock()
        stopped = true
        condition.broadcast()
        condition.unlock()
    }

    private func renderAhead() {
        for job in jobs.indices {
            condition.lock()
            while !stopped && job >= wanted + Self.lookAhead { condition.wait() }
            let stop = stopped
            condition.unlock()
            if stop { return }
            let result: Result<String, RenderError>
            do throws(RenderError) {
                result = .success(try jobs[job].renderer.render(chunk: jobs[job].chunk))
            } catch {
                result = .failure(error)
            }
            condition.lock()
            rendered[job] = result
            condition.broadcast()
            condition.unlock()
        }
    }
}
