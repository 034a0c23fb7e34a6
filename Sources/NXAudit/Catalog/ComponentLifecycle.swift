/// A code that says a component writing the audit trail stopped, started or restarted.
///
/// A stop opens an interruption of audit logging; the next start of the same `service`
/// from the same source ends it. Pairing by service, not by listing codes, lets a new
/// stop or start code be one catalog row.
public struct ComponentLifecycle: Sendable, Hashable {
    /// What stops and starts: the codes of one service end each other's interruptions.
    public enum Service: Sendable, Hashable {
        /// The Portal itself (starting, up and running, stopped).
        case portal
        /// An Engine itself (up and running, stopped with error, gracefully or forcefully).
        case engine
        /// The Portal's connection to an Engine (connected, disconnected).
        case engineConnection
        /// The Portal service as the Web Console starts and stops it.
        case portalService
        /// The Engine service as the Web Console starts and stops it.
        case engineService
        /// rsyslog, which writes the audit trail.
        case rsyslog
    }

    public enum Transition: Sendable, Hashable {
        case start
        case stop
        /// A restart logged as one event: a moment at which lines may be lost, not a stretch.
        case restart
    }

    public let service: Service
    public let transition: Transition
    /// Whether the object that stopped is named only in the text, whose template is not
    /// published (the Portal about one of its Engines): a stop and its start must then
    /// agree on their text but for its last word.
    public let objectInText: Bool

    public init(_ transition: Transition, of service: Service, objectInText: Bool = false) {
        self.service = service
        self.transition = transition
        self.objectInText = objectInText
    }
}
