/// A change to an account, a role or a profile: which kind of object, what the change
/// does to it, and where its name comes from.
///
/// The privileged-access state at period end is replayed from these roles, and the
/// account rules (self-modification, short-lived accounts) ask for them, so the catalog
/// row is the one place that says what a code changes.
public struct AccessChange: Sendable, Hashable {
    /// Where the name of the changed object comes from.
    public enum Naming: Sendable, Hashable {
        /// The text names it (the subject read by the code's `SubjectTemplate`).
        case text
        /// The code is about one fixed account the text does not name (`Web Console account`).
        case fixed(String)
        /// The code changes accounts without naming them (`Updated profile of N users`):
        /// such changes are listed apart. `example` is the text the report quotes to show
        /// what such a line says, nil when the code is only listed by number.
        case unnamed(example: String?)
    }

    public let object: AccessObject.Kind
    public let effect: ChangeEffect
    public let naming: Naming

    public init(_ object: AccessObject.Kind, _ effect: ChangeEffect, naming: Naming = .text) {
        self.object = object
        self.effect = effect
        self.naming = naming
    }

    /// Whether the change is about an account its text names: the changes an account
    /// can make to itself, and the creations and removals of a short-lived account.
    public var namesAccount: Bool {
        naming == .text && (object == .portalAccount || object == .finderAccount || object == .applianceAccount)
    }

    /// Whether the change names no object (`Updated profile of N users`).
    public var isUnnamed: Bool {
        if case .unnamed = naming { return true }
        return false
    }
}
