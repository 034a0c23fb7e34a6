import Foundation

/// Prints the HTML report to one PDF/A-3b file with WeasyPrint, the XML report and the
/// evidence manifest embedded as associated files.
///
/// WeasyPrint is found on `PATH` (Debian's `weasyprint` package, or `pip install weasyprint`)
/// or named with `--pdf-renderer`; nxaudit runs its Python with `PDFRenderer.driver`, which
/// gives WeasyPrint a URL fetcher that refuses every URL (the report is self-contained; nothing
/// a log holds can pull content into the PDF), makes the embedded files PDF/A-3 associated
/// files (`/AF`, `/AFRelationship`, MIME subtype, dates), and writes the document information
/// and its XMP copy to match. Under the report's generation time (`SOURCE_DATE_EPOCH`, also
/// given to WeasyPrint's font subsetter) two runs give the same bytes.
public struct PDFRenderer: Sendable, Equatable {
    /// The Python that imports WeasyPrint, and the command it was found through.
    public let python: String
    public let command: String

    /// A file embedded in the PDF.
    public struct Attachment: Sendable {
        public var name: String
        public var bytes: Data
        public var mimeType: String
        /// PDF/A-3's relationship to the document: `Alternative` (the XML: the report again, for
        /// machines) or `Supplement` (the manifest).
        public var relationship: String
        public var description: String

        public init(name: String, bytes: Data, mimeType: String, relationship: String, description: String) {
            (self.name, self.bytes, self.mimeType) = (name, bytes, mimeType)
            (self.relationship, self.description) = (relationship, description)
        }
    }

    /// The document information (and XMP metadata) of the PDF.
    public struct Metadata: Sendable {
        public var title, author, subject: String
        public var keywords: [String]
        /// When the report was made, UTC seconds.
        public var createdSeconds: Int64
        /// The PDF's file identifier (the report ID).
        public var identifier: String
        public var creator: String

        public init(
            title: String, author: String, subject: String, keywords: [String], createdSeconds: Int64,
            identifier: String, creator: String
        ) {
            (self.title, self.author, self.subject, self.keywords) = (title, author, subject, keywords)
            (self.createdSeconds, self.identifier, self.creator) = (createdSeconds, identifier, creator)
        }
    }

    /// What a rendering did beside the PDF: the URLs WeasyPrint asked for (all refused).
    public struct Rendered: Sendable {
        public var pdf: Data
        public var refusedURLs: [String]
    }

    /// WeasyPrint at `override` (its command, or a Python that imports it; a path, or a name on
    /// `PATH`), else `weasyprint` on `PATH`.
    public static func find(override: String? = nil) throws(PDFError) -> PDFRenderer {
        let local = override.flatMap { given in
            FileManager.default.isExecutableFile(atPath: given)
                ? URL(fileURLWithPath: given).standardizedFileURL.path : nil
        }
        guard let command = local ?? Subprocess.find(override ?? "weasyprint") else {
            throw .missing(given: override)
        }
        // A Python (or a wrapper of one, like pyenv's shim) is run as it is.
        if (command as NSString).lastPathComponent.hasPrefix("python") {
            return PDFRenderer(python: command, command: command)
        }
        // The command is a Python script whose first line names the Python that has the module.
        guard let head = FileHandle(forReadingAtPath: command)?.readData(ofLength: 256),
            head.starts(with: Array("#!".utf8))
        else {
            return PDFRenderer(python: command, command: command)
        }
        let line = String(decoding: head.prefix { $0 != 0x0A }.dropFirst(2), as: UTF8.self)
        var words = line.split(separator: " ").map(String.init)
        if words.first?.hasSuffix("/env") == true { words.removeFirst() }
        guard let interpreter = words.first.flatMap({ Subprocess.find($0) }) else {
            throw .cannotRun(command: command, reason: "its interpreter \(line) is not there")
        }
        guard (interpreter as NSString).lastPathComponent.hasPrefix("python") else {
            throw .missing(given: command)
        }
        return PDFRenderer(python: interpreter, command: command)
    }

    /// The PDF of `html` with `attachments` embedded.
    public func render(html: String, attachments: [Attachment], metadata: Metadata) throws(PDFError) -> Rendered {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("nxaudit-pdf-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let utc = ZoneClock(zone: TimeZone(identifier: "UTC")!)
        let iso = utc.format(utcSeconds: metadata.createdSeconds)
        let job: [String: Any] = [
            "html": directory + "/report.html", "output": directory + "/report.pdf",
            "title": metadata.title, "author": metadata.author, "subject": metadata.subject,
            "keywords": metadata.keywords.joined(separator: ", "), "created": iso,
            "pdfDate": Self.pdfDate(utc.format(utcSeconds: metadata.createdSeconds)),
            "identifier": metadata.identifier, "creator": metadata.creator,
            "attachments": attachments.map { attachment in
                [
                    "path": directory + "/files/" + attachment.name, "name": attachment.name,
                    "mime": attachment.mimeType, "relationship": attachment.relationship,
                    "description": attachment.description,
                ]
            },
        ]
        do {
            try FileManager.default.createDirectory(
                atPath: directory + "/files", withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o700])
            try Data(html.utf8).write(to: URL(fileURLWithPath: directory + "/report.html"))
            for attachment in attachments {
                try attachment.bytes.write(to: URL(fileURLWithPath: directory + "/files/" + attachment.name))
            }
            try JSONSerialization.data(withJSONObject: job, options: [.sortedKeys])
                .write(to: URL(fileURLWithPath: directory + "/job.json"))
            try Data(Self.driver.utf8).write(to: URL(fileURLWithPath: directory + "/render.py"))
        } catch {
            throw .cannotRun(command: command, reason: "its temporary files cannot be written: \(error)")
        }
        var environment = [
            "SOURCE_DATE_EPOCH": String(metadata.createdSeconds), "LANG": "C.UTF-8",
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
            "HOME": directory,
        ]
        if let cache = ProcessInfo.processInfo.environment["XDG_CACHE_HOME"] { environment["XDG_CACHE_HOME"] = cache }
        let result: Subprocess.Result
        do {
            result = try Subprocess.run(
                python, ["-I", directory + "/render.py", directory + "/job.json"], environment: environment)
        } catch {
            throw .cannotRun(command: command, reason: "\(error)")
        }
        var refused: [String] = []
        var failure: String?
        for line in result.stderr.split(whereSeparator: \.isNewline) {
            guard line.hasPrefix("nxaudit-pdf "),
                let object = try? JSONSerialization.jsonObject(with: Data(line.dropFirst(12).utf8)) as? [String: Any]
            else { continue }
            if let urls = object["refused"] as? [String] { refused = urls }
            if let problem = object["error"] as? String { failure = problem }
        }
        if result.status == 3 { throw .missing(given: command) }
        guard result.status == 0, let pdf = FileManager.default.contents(atPath: directory + "/report.pdf") else {
            throw .failed(
                command: command,
                reason: failure ?? result.stderr.split(whereSeparator: \.isNewline).suffix(3).joined(separator: " "))
        }
        return Rendered(pdf: pdf, refusedURLs: refused)
    }

    /// `D:20261101000000Z` from `2026-11-01T00:00:00+00:00`.
    static func pdfDate(_ iso: String) -> String {
        "D:" + iso.prefix(19).filter(\.isNumber) + "Z"
    }

    /// The Python nxaudit runs WeasyPrint with.
    static let driver = #"""
        import inspect, json, sys
        from xml.etree.ElementTree import Element, SubElement, tostring, register_namespace

        def report(**fields):
            print("nxaudit-pdf " + json.dumps(fields), file=sys.stderr, flush=True)

        try:
            import pydyf
            from weasyprint import HTML, Attachment, __version__
        except ImportError as error:
            report(error="WeasyPrint cannot be imported: %s" % error)
            sys.exit(3)

        job = json.load(open(sys.argv[1], encoding="utf-8"))
        refused = []

        def refuse(url, *args, **kwargs):
            refused.append(url)
            raise ValueError("nxaudit's PDF renderer fetches nothing: " + url)

        NS = {
            "x": "adobe:ns:meta/",
            "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
            "dc": "http://purl.org/dc/elements/1.1/",
            "xmp": "http://ns.adobe.com/xap/1.0/",
            "pdf": "http://ns.adobe.com/pdf/1.3/",
            "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
        }
        for key, value in NS.items():
            register_namespace(key, value)

        def q(prefix, name):
            return "{%s}%s" % (NS[prefix], name)

        def xmp():
            meta = Element(q("x", "xmpmeta"))
            rdf = SubElement(meta, q("rdf", "RDF"))
            about = SubElement(rdf, q("rdf", "Description"))
            about.set(q("rdf", "about"), "")
            about.set(q("pdfaid", "part"), "3")
            about.set(q("pdfaid", "conformance"), "B")
            about.set(q("pdf", "Producer"), "WeasyPrint %s" % __version__)
            about.set(q("pdf", "Keywords"), job["keywords"])
            about.set(q("xmp", "CreatorTool"), job["creator"])
            for name in ("CreateDate", "ModifyDate", "MetadataDate"):
                about.set(q("xmp", name), job["created"])
            for name, kind, value in (("title", "Alt", job["title"]), ("description", "Alt", job["subject"])):
                item = SubElement(SubElement(SubElement(about, q("dc", name)), q("rdf", kind)), q("rdf", "li"))
                item.set("xml:lang", "x-default")
                item.text = value
            creator = SubElement(SubElement(about, q("dc", "creator")), q("rdf", "Seq"))
            SubElement(creator, q("rdf", "li")).text = job["author"]
            body = tostring(meta, encoding="utf-8")
            if body.startswith(b"<?xml"):
                body = body.split(b"?>", 1)[1]
            header = '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'.encode("utf-8")
            return b"\n".join((header, body, b'<?xpacket end="r"?>'))

        def finish(document, pdf):
            numbered = {}
            for item in pdf.objects:
                try:
                    numbered[item.reference] = item
                except Exception:
                    pass
            by_name = {a["name"]: a for a in job["attachments"]}
            associated = pydyf.Array()
            for spec in [o for o in pdf.objects if isinstance(o, dict) and o.get("Type") == "/Filespec"]:
                name = spec["UF"].string
                attachment = by_name[name]
                spec["F"] = pydyf.String(name)
                spec["Desc"] = pydyf.String(attachment["description"])
                spec["AFRelationship"] = "/" + attachment["relationship"]
                stream = numbered[spec["EF"]["F"]]
                stream.extra["Subtype"] = "/" + attachment["mime"].replace("/", "#2F")
                stream.extra["Params"]["ModDate"] = pydyf.String(job["pdfDate"])
                stream.extra["Params"]["CreationDate"] = pydyf.String(job["pdfDate"])
                associated.append(spec.reference)
            if len(associated):
                pdf.catalog["AF"] = associated
            for key, value in (
                ("Title", job["title"]), ("Author", job["author"]), ("Subject", job["subject"]),
                ("Keywords", job["keywords"]), ("Creator", job["creator"]),
                ("Producer", "WeasyPrint %s" % __version__),
                ("CreationDate", job["pdfDate"]), ("ModDate", job["pdfDate"]),
            ):
                pdf.info[key] = pydyf.String(value)
            metadata = pydyf.Stream([xmp()], extra={"Type": "/Metadata", "Subtype": "/XML"})
            pdf.add_object(metadata)
            pdf.catalog["Metadata"] = metadata.reference

        html = open(job["html"], encoding="utf-8").read()
        document = HTML(string=html, base_url=None, url_fetcher=refuse)
        attachments = [Attachment(filename=a["path"], url_fetcher=refuse) for a in job["attachments"]]
        parameters = inspect.signature(HTML.write_pdf).parameters
        options = {
            ("pdf_variant" if "pdf_variant" in parameters else "variant"): "pdf/a-3b",
            ("pdf_identifier" if "pdf_identifier" in parameters else "identifier"): job["identifier"].encode(),
        }
        try:
            document.write_pdf(job["output"], attachments=attachments, finisher=finish, **options)
        except Exception as error:
            report(error="%s: %s" % (type(error).__name__, error), refused=refused)
            sys.exit(1)
        report(refused=refused)
        """#
}

/// Why the PDF could not be made.
public enum PDFError: Error, Equatable, CustomStringConvertible {
    case missing(given: String?)
    case cannotRun(command: String, reason: String)
    case failed(command: String, reason: String)

    public var description: String {
        switch self {
        case .missing(let given):
            (given.map { "\($0) is not WeasyPrint, or its Python cannot import it" }
                ?? "WeasyPrint is not on PATH")
                + "; install it (apt-get install weasyprint, or pip install weasyprint) or name its command with "
                + "--pdf-renderer PATH. The other formats were not written either: run again without pdf in "
                + "--format to write them alone."
        case .cannotRun(let command, let reason): "\(command) cannot be run: \(reason)."
        case .failed(let command, let reason): "\(command) could not print the report to PDF: \(reason)."
        }
    }
}

extension PDFError: ExitStatusError {
    public var exitStatus: ExitStatus {
        switch self {
        case .missing, .cannotRun: .unavailable
        case .failed: .software
        }
    }
}
