/// The whole of nxaudit in one screen: read evidence → analyze → render.
///
/// ```
/// inputs ─ EvidenceInput.resolve ─▶ [FileSource]                      (Evidence/)
/// or archive ─ EvidenceArchive.select ─▶ [ArchivedSource]             (Archive/)
///        ─ EvidenceReader.read: each EvidenceSource's pieces ─ LineSteps ─▶ Evidence (Evidence/, Model/)
///        ─ Analyzer.analyze ─▶ AuditReport (Analysis/, Policy/, Model/)
///        ─ PeriodComparison (with --baseline) ─▶ comparison (Comparison/)
///        ─ ReportView ─ ReportRenderer.render ─▶ HTML, XML, JSON, CSV (Rendering/)
///        ─ ReportDestination.write (ReportWriter, EvidenceManifest) ─▶ files + manifest (Output/)
/// ```
///
/// Where evidence comes from is one seam, `EvidenceSource` (Evidence/EvidenceSource.swift):
/// a new source (an API download, a JSON export) is one new type, whose lines are
/// parsed, counted, located and digested like a file's.
public enum ReportPipeline {
    /// What a report run needs to know. Everything that would make output vary
    /// (clock, version, zone) is here, so the same request gives the same bytes.
    public struct Request: Sendable {
        public var inputs: [String]
        public var period: ReportPeriod
        public var yearPolicy: YearPolicy
        public var formats: [ReportFormat]
        public var tool: ToolInfo
        public var generatedAtSeconds: Int64
        /// Approved accounts, business hours, thresholds and severity overrides.
        public var policy: AnalysisPolicy
        /// The previous period's XML report, to compare with.
        public var baselinePath: String? = nil
        /// Read the period from this evidence archive instead of `inputs`.
        public var archivePath: String? = nil
        /// What the run's verdict holds the report to (`--fail-on`, `--max-malformed`); page one states it.
        public var failOn: Severity? = nil
        public var maxMalformed: RunVerdict.MalformedLimit? = nil
        /// Called once the inputs are known, with their total size: returns where to count
        /// progress (a display polls it), or nil when nobody watches.
        public var watch: (@Sendable (_ totalBytes: Int64) -> ReadProgress?)? = nil

        public init(
            inputs: [String], period: ReportPeriod, yearPolicy: YearPolicy,
            formats: [ReportFormat] = ReportFormat.defaults,
            tool: ToolInfo, generatedAtSeconds: Int64, policy: AnalysisPolicy = .defaults, baselinePath: String? = nil
        ) {
            self.policy = policy
            self.baselinePath = baselinePath
            self.inputs = inputs
            self.period = period
            self.yearPolicy = yearPolicy
            self.formats = formats
            self.tool = tool
            self.generatedAtSeconds = generatedAtSeconds
        }
    }

    /// The report model and its rendered documents.
    public struct Outcome: Sendable {
        public var report: AuditReport
        /// What the report means for a scheduler, as its page one states it.
        public var verdict: RunVerdict
        /// The files to write, in format order (a CSV export is several files).
        public var files: [RenderedFile]
    }

    /// Runs the pipeline in memory; writing files is the caller's choice.
    public static func run(_ request: Request, templates: TemplateSet) throws -> Outcome {
        // Templates, schema and baseline are checked before the (long) read, so a mistake in them fails fast.
        let renderer = try ReportRenderer(templates: templates)
        let baseline = try request.baselinePath.map { path throws in
            try BaselineReport.load(path, validator: renderer.validator)
        }
        if let baseline, !(baseline.to < request.period.firstDay.description) {
            throw BaselineReport.Failure.notEarlier(
                path: baseline.path, baselineTo: baseline.to, periodFrom: request.period.firstDay.description)
        }
        let analyzer = Analyzer(policy: request.policy)
        var reader = EvidenceReader(period: request.period, yearPolicy: request.yearPolicy, retains: analyzer.retains)
        reader.gapResolutionSeconds = analyzer.gapResolutionSeconds
        var provenance: ArchiveProvenance?
        // The evidence (every retained event) lives only until it is analysed: the registers
        // and the view are built from the report, and a yearly report's events are hundreds of MB.
        func readEvidence() throws -> Evidence {
            if let archivePath = request.archivePath {
                let selection = try EvidenceArchive(path: archivePath, access: .read).select(request.period)
                provenance = selection.provenance
                return try reader.read(selection.sources.map { $0 as any EvidenceSource })
            }
            let inputs = try EvidenceInput.resolve(request.inputs, now: request.generatedAtSeconds)
            defer { for input in inputs { input.removeSpool() } }
            reader.progress = request.watch?(inputs.reduce(0) { $0 + $1.size })
            return try reader.read(inputs.map { FileSource($0) as any EvidenceSource })
        }
        func analysed() throws -> AuditReport {
            let evidence = try readEvidence()
            reader.progress?.enter(.analysing)
            return analyzer.analyze(
                consume evidence, period: request.period, tool: request.tool,
                generatedAtSeconds: request.generatedAtSeconds)
        }
        var report = try analysed()
        let progress = reader.progress
        defer { progress?.enter(.done) }
        report.archive = provenance
        report.comparison = baseline.map { PeriodComparison(report: report, baseline: $0) }
        progress?.enter(.rendering)
        let verdict = RunVerdict(report, failOn: request.failOn, maxMalformed: request.maxMalformed)
        let view = ReportView(report, verdict: verdict)
        // Formats are independent: render them side by side.
        let rendered = try renderer.renderAll(view, as: request.formats)
        return Outcome(report: report, verdict: verdict, files: rendered)
    }
}

/// nxaudit's version, written into every report.
public enum NXAuditVersion {
    public static let current = "0.1.0"
    /// The commit the binary was built from (`-modified` when the checkout had changes), or `unknown`
    /// outside a git checkout. Kept out of reports, so a rebuild of the same version writes the same bytes.
    public static let commit = BuildInfo.commit
    /// What `nxaudit --version` prints.
    public static var described: String { "\(current) (commit \(commit))" }
}
