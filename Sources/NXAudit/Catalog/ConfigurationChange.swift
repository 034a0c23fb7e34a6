/// A configuration change a rule looks at by kind of object: what was changed and how.
///
/// Only the objects some analysis distinguishes have a kind; the other configuration
/// codes are judged by their finding family alone.
public struct ConfigurationChange: Sendable, Hashable {
    public enum Object: Sendable, Hashable {
        /// A remote action's definition: what later runs on employees' devices.
        case remoteAction
        /// A metric's stored history: clearing it removes data from the Engines.
        case metricHistory
    }

    public let object: Object
    public let effect: ChangeEffect

    public init(_ object: Object, _ effect: ChangeEffect) {
        self.object = object
        self.effect = effect
    }
}
