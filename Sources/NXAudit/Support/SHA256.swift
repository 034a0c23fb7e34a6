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

    /// The digest as 64 lower-case hex digits; the hasher is spent afterwards.
    public func hex() -> String {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        EVP_DigestFinal_ex(context, &digest, &length)
        let hexDigits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(Int(length) * 2)
        for byte in digest.prefix(Int(length)) {
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
    /// rsyslog is still appending to is hashed as far as the run read it), read in 1 MiB chunks;
    /// nil when it cannot be read.
    public static func file(at path: String, limit: Int64? = nil) -> (hex: String, size: Int64)? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        let hasher = SHA256()
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
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
