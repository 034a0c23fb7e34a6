import CCrypto

/// Name-based UUIDs (RFC 9562 version 5: SHA-1 of a namespace and a name): the same name
/// gives the same UUID on every run, so a report's OSCAL document has the same bytes when
/// rerun and a finding keeps its UUID from month to month.
public enum NameBasedUUID {
    /// The RFC 9562 namespace for URLs, `6ba7b811-9dad-11d1-80b4-00c04fd430c8`.
    static let urlNamespace: [UInt8] = [
        0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8,
    ]

    /// The UUID version 5 of `name` in the 16-byte `namespace`, lower-case with hyphens.
    public static func v5(_ name: String, namespace: [UInt8]) -> String {
        format(bytes(name, namespace: namespace))
    }

    static func bytes(_ name: String, namespace: [UInt8]) -> [UInt8] {
        precondition(namespace.count == 16, "a UUID namespace is 16 bytes")
        let context = EVP_MD_CTX_new()
        defer { EVP_MD_CTX_free(context) }
        EVP_DigestInit_ex(context, EVP_sha1(), nil)
        namespace.withUnsafeBytes { _ = EVP_DigestUpdate(context, $0.baseAddress, $0.count) }
        var name = name
        name.withUTF8 { _ = EVP_DigestUpdate(context, $0.baseAddress, $0.count) }
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        EVP_DigestFinal_ex(context, &digest, &length)
        var uuid = Array(digest.prefix(16))
        uuid[6] = (uuid[6] & 0x0F) | 0x50  // version 5
        uuid[8] = (uuid[8] & 0x3F) | 0x80  // the RFC's variant
        return uuid
    }

    static func format(_ bytes: [UInt8]) -> String {
        let hex = bytes.map { byte in
            let digits = Array("0123456789abcdef")
            return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
        }
        return [0..<4, 4..<6, 6..<8, 8..<10, 10..<16].map { hex[$0].joined() }.joined(separator: "-")
    }
}
