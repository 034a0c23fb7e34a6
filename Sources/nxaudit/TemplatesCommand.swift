import ArgumentParser
import NXAudit

struct TemplatesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "templates",
        abstract: "Work with the report templates built into nxaudit.",
        subcommands: [Export.self]
    )

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the built-in templates and XML schema into a folder, as a starting point for --templates.",
            discussion: """
                Writes html/report.mustache, its partials, the row templates, xml/report.mustache and the \
                XSD under DIR. Edit what you need, delete the rest: `nxaudit report --templates DIR` \
                takes each file it finds there over the built-in one.
                """
        )

        @Argument(help: "The folder to write into (made if missing).")
        var directory: String

        @Flag(help: "Replace files in the folder that differ from the built-in ones.")
        var force = false

        func run() throws {
            let written = try TemplateSet.exportBuiltIn(to: directory, replace: force)
            for path in written { print(path) }
            let same = TemplateSet.builtIn.count - written.count
            printError(
                "wrote \(written.count) of \(TemplateSet.builtIn.count) built-in files to \(directory)"
                    + (same > 0 ? " (\(same) already there with the same bytes)." : "."))
        }
    }
}
