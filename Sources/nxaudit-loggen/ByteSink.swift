/// Somewhere bytes are written to in order: a plain file or a gzip member.
protocol ByteSink: AnyObject {
    func write(_ bytes: UnsafeRawBufferPointer) throws
    /// Writes what is buffered and releases the file; the sink is not used afterwards.
    func close() throws
}
