import ArgumentParser
import NXAudit

struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "Print the rules every report runs: id, default severity, family, controls and what each checks."
    )

    @OptionGroup var listing: ListingOptions

    func run() {
        let rules = Analyzer.standardRules
        if listing.tsv {
            print("id\tseverity\tfamily\tcontrols\tquestion")
            for r in rules {
                print(
                    "\(r.id)\t\(r.severity.rawValue)\t\(r.family.rawValue)\t"
                        + "\(r.controls.joined(separator: "; "))\t\(r.question)"
                )
            }
            return
        }
        let width = rules.map(\.id.count).max() ?? 10
        for r in rules {
            print("\(r.id.padding(width))  \(r.severity.rawValue.padding(8))  \(r.question)")
            print("\("".padding(width))  \("".padding(8))  \(r.family.rawValue); \(r.controls.joined(separator: ", "))")
        }
        print("\(rules.count) rules. A policy file's `severity:` section overrides a rule's severity by id.")
    }
}
