import ArgumentParser
import NXAudit

struct CodesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "codes",
        abstract: "Print the audit codes nxaudit knows, with component, finding family and description."
    )

    @OptionGroup var listing: ListingOptions

    func run() {
        let codes = CodeCatalog.standard.codes
        if listing.tsv {
            print("code\tcomponent\tfamily\tcategory\tdescription")
            for c in codes {
                print("\(c.code)\t\(c.component.rawValue)\t\(c.family.rawValue)\t\(c.category)\t\(c.description)")
            }
            return
        }
        let familyWidth = FindingFamily.allCases.map(\.rawValue.count).max() ?? 10
        print("CODE   COMPONENT  \("FAMILY".padding(familyWidth))  DESCRIPTION")
        for c in codes {
            print(
                "\(c.code)  \(c.component.rawValue.padding(9))  \(c.family.rawValue.padding(familyWidth))  "
                    + "\(c.description)"
            )
        }
        print(
            "\(codes.count) codes "
                + "("
                + Component.allCases.map { comp in "\(codes.count { $0.component == comp }) \(comp.rawValue)" }
                .joined(separator: ", ")
                + ")."
        )
    }
}

/// How `codes` and `rules` print their lists.
struct ListingOptions: ParsableArguments {
    @Flag(help: "Tab-separated values with a header line, for scripts.")
    var tsv = false
}

extension String {
    func padding(_ width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
}
