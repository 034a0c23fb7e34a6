import CCrypto
import Foundation

/// SHA-256 through libcrypto, for the evidence manifest: inputs as stored on disk
/// (a `.gz` is hashed compressed, as `sha256sum` would) and reports as written.
public final class SHA256 {
    private let context: OpaquePointer

    public init() {
        context = EVP_MD_CTX_new()
        EVP_DigestInit_ex(context, EVP_sha256(), nil)
    }

    deinit { EVP_MD_CTX_free(context) }

    public func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        EVP_DigestUpdate(context, base, bytes.count)
    }

    public func update(_ text: String) {
        var text = text
        text.withUTF8 { update(UnsafeRawBufferPointer($0)) }
    }

    /// The 32 bytes of the digest; the hasher is spent afterwards.
    public func bytes() -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        EVP_DigestFinal_ex(context, &digest, &length)
        return Array(digest.prefix(Int(length)))
    }

    /// The first 128 bits of the digest of `bytes`, with this (reusable) context.
    public func prefix128(of bytes: UnsafeRawBufferPointer) -> LineDigest {
        EVP_DigestInit_ex(context, EVP_sha256(), nil)
        if let base = bytes.baseAddress, bytes.count > 0 { EVP_DigestUpdate(context, base, bytes.count) }
        var digest = (UInt64(0), UInt64(0), UInt64(0), UInt64(0))
        var length: UInt32 = 0
        withUnsafeMutableBytes(of: &digest) {
            _ = EVP_DigestFinal_ex(context, $0.baseAddress!.assumingMemoryBound(to: UInt8.self), &length)
        }
        return LineDigest(high: digest.0, low: digest.1)
    }

    /// The digest as 64 lower-case hex digits; the hasher is spent afterwards.
    public func hex() -> String {
        Self.hex(bytes())
    }

    /// Bytes as lower-case hex digits.
    public static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let hexDigits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        for byte in bytes {
            out.append(hexDigits[Int(byte >> 4)])
            out.append(hexDigits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The digest of `data`.
    public static func hex(of data: Data) -> String {
        let hasher = SHA256()
        data.withUnsafeBytes { hasher.update($0) }
        return hasher.hex()
    }

    /// The digest of a string's UTF-8 bytes.
    public static func hex(of text: String) -> String {
        let hasher = SHA256()
        hasher.update(text)
        return hasher.hex()
    }

    /// The digest and size of the file at `path` (of its first `limit` bytes when given: a log
    /// rsyslog is still appending to is hashed as far as the run read it), read in chunks of up to
    /// 1 MiB (a small file gets a buffer its size, not a mebibyte); nil when it cannot be read.
    public static func file(at path: String, limit: Int64? = nil) -> (hex: String, size: Int64)? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        let hasher = SHA256()
        var status = stat()
        let expected = fstat(fd, &status) == 0 ? min(Int64(status.st_size), limit ?? .max) : 1 << 20
        // A small file needs no mebibyte; one that grows meanwhile is read in several chunks.
        let capacity = Int(max(4096, min(1 << 20, expected)))
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity, alignment: 16)
        defer { buffer.deallocate() }
        var size: Int64 = 0
        while true {
            let want = limit.map { Int(min(Int64(buffer.count), $0 - size)) } ?? buffer.count
            if want <= 0 { break }
            let n = read(fd, buffer.baseAddress, want)
            if n < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if n == 0 { break }
            hasher.update(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
            size += Int64(n)
        }
        return (hasher.hex(), size)
    }
}

/// The first 128 bits of a line's SHA-256 (in memory order of the digest bytes):
/// how the evidence archive recognises a line it already holds. Log content
/// cannot be crafted to collide with another line (that would take 2^64 work).
public struct LineDigest: Hashable, Sendable {
    public var high: UInt64
    public var low: UInt64

    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// From the 16 stored bytes; nil for any other length.
    public init?(stored: UnsafeRawBufferPointer) {
        guard stored.count == 16 else { return nil }
        high = stored.loadUnaligned(fromByteOffset: 0, as: UInt64.self)
        low = stored.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
    }
}
