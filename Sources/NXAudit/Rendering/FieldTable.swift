import Foundation
import Mustache

/// Mustache finds a name in a context by reflection: `Mirror.getValue(forKey:)` reads every
/// stored property (demangling each one's type) to keep the one with that label, for every
/// name on every level of the context stack: for a report with thousands of findings, most of
/// its rendering. The view types look a name up by its position instead, from a
/// table made once per type: one property read per lookup, with the same answer (the first
/// stored property of that label, an optional unwrapped). A new view type gets its line
/// below; one without renders the same, only slower.
enum FieldTable {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var positions: [ObjectIdentifier: [String: Int]] = [:]

    /// The stored property `name` of `value`, as Mustache's reflection would find it; nil
    /// when there is none or it holds nil.
    static func child<T>(_ name: String, of value: T) -> Any? {
        let mirror = Mirror(reflecting: value)
        guard let position = position(of: name, in: T.self, mirror: mirror) else { return nil }
        let children = mirror.children
        return unwrapped(children[children.index(children.startIndex, offsetBy: position)].value)
    }

    private static func position(of name: String, in type: Any.Type, mirror: Mirror) -> Int? {
        lock.lock()
        defer { lock.unlock() }
        let key = ObjectIdentifier(type)
        if let table = positions[key] { return table[name] }
        var table: [String: Int] = [:]
        for (position, child) in mirror.children.enumerated() {
            if let label = child.label, table[label] == nil { table[label] = position }
        }
        positions[key] = table
        return table[name]
    }

    /// The value an optional holds (nil for none); any other value as it is.
    private static func unwrapped(_ value: Any) -> Any? {
        let mirror = Mirror(reflecting: value)
        guard mirror.displayStyle == .optional else { return value }
        return mirror.children.first?.value
    }
}

extension ReportView: MustacheParent {
    public func child(named name: String) -> Any? { FieldTable.child(name, of: self) }
}
extension ComparisonView: MustacheParent {
    public func child(named name: String) -> Any? { FieldTable.child(name, of: self) }
}
extension ResolvedFindingView: MustacheParent {
    public func child(named name: String) -> Any? { FieldTable.child(name, of: self) }
}
extension RuleDeltaView: MustacheParent {
    public func child(named name: String) -> Any? { FieldTable.child(name, of: self) }
}
extension ControlChangeView: MustacheParent {
    public func child(named name: String) -> Any? { FieldTable.child(name, of: self) }
}
extension ChartsView: MustacheParent {
    public func child(named name: String) -> Any? { FieldTable.child(name, of: self) }
}
extension SignOffRowView: MustacheParent {
    public func child(named name: String) -> Any? { FieldTable.child(name, of: self) }
}
extension PolicyView: MustacheParent {
    public func child(named name: String) -> Any? { FieldTable.child(name, of: self) }
}
extension PolicySettingView: MustacheParent {
    public func child(named name: String) -> Any? { FieldTable.child(name, of: self) }
}
extension RuleView: MustacheParent {
    public func child(named name: String) -> Any? { FieldTable.child(name, of: self) }
}
extension ControlMatrixView: MustacheParent {
    public func child(named name: String) -> Any? { FieldTable.child(name, of: self) }
}
extension ControlRowView: MustacheParent {
    public func child(named name: String) -> Any? { FieldTable.child(name, of: self) }
}
extension AccessStateView: MustacheParent {
    public func child(named name: String) -> Any? { FieldTable.child(name, of: self) }
}
extension AccessObjectView: MustacheParent {
    public func child(named name: String) -> Any? { FieldTable.child(name, of: self) }
}
extension ToolView: MustacheParent {
    public func child(named name: String) -> Any? { FieldTable.child(name, of: self) }
}
extension PeriodView: MustacheParent {
    public func child(named name: String) -> Any? { FieldTable.child(name, of: self) }
}
extension SummaryView: MustacheParent {
    public func child(named name: String) -> Any? { FieldTable.child(name, of: self) }
}
extension SeverityCountView: MustacheParent {
    public func child(named name: String) -> Any? { FieldTable.child(name, of: self) }
}
extension FindingView: MustacheParent {
    public func child(named name: String) -> Any? { FieldTable.child(name, of: self) }
}
extension ControlView: MustacheParent {
    public func child(named name: String) -> Any? { FieldTable.child(name, of: self) }
}
extension LocationView: MustacheParent {
    public func child(named name: String) -> Any? { FieldTable.child(name, of: self) }
}
extension TallyView: MustacheParent {
    public func child(named name: String) -> Any? { FieldTable.child(name, of: self) }
}
extension ChannelCountView: MustacheParent {
    public func child(named name: String) -> Any? { FieldTable.child(name, of: self) }
}
extension RemoteView: MustacheParent {
    public func child(named name: String) -> Any? { FieldTable.child(name, of: self) }
}
extension AuthenticationView: MustacheParent {
    public func child(named name: String) -> Any? { FieldTable.child(name, of: self) }
}
extension ArchiveView: MustacheParent {
    public func child(named name: String) -> Any? { FieldTable.child(name, of: self) }
}
extension CoverageView: MustacheParent {
    public func child(named name: String) -> Any? { FieldTable.child(name, of: self) }
}
extension InputView: MustacheParent {
    public func child(named name: String) -> Any? { FieldTable.child(name, of: self) }
}
extension MalformedView: MustacheParent {
    public func child(named name: String) -> Any? { FieldTable.child(name, of: self) }
}
extension SourceView: MustacheParent {
    public func child(named name: String) -> Any? { FieldTable.child(name, of: self) }
}
extension GapView: MustacheParent { public func child(named name: String) -> Any? { FieldTable.child(name, of: self) } }
extension DayView: MustacheParent { public func child(named name: String) -> Any? { FieldTable.child(name, of: self) } }
extension AlsoView: MustacheParent {
    public func child(named name: String) -> Any? { FieldTable.child(name, of: self) }
}
extension VerdictView: MustacheParent {
    public func child(named name: String) -> Any? { FieldTable.child(name, of: self) }
}
