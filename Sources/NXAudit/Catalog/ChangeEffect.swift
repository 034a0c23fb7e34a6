/// What a change code does to the object it is about.
public enum ChangeEffect: Sendable, Hashable {
    case create
    case update
    case remove
    case enable
    case disable
}
