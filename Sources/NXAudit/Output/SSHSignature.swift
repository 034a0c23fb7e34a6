import Foundation

/// Signatures made and checked by OpenSSH's `ssh-keygen -Y`, in the namespace `nxaudit`, the
/// way git signs commits with SSH keys: key files, `ssh-agent` and hardware-backed `sk-` keys
/// all work, and nxaudit never reads private key material. An auditor checks them with stock
/// `ssh-keygen -Y verify` and an OpenSSH allowed-signers file.
public struct SSHKeygen: Sendable, Equatable {
    /// The signature namespace: a signature made for anything else does not verify as nxaudit's.
    public static let namespace = "nxaudit"

    /// The `ssh-keygen` nxaudit runs.
    public let path: String

    public init(path: String) { self.path = path }

    /// `ssh-keygen` on `PATH`; missing is an error saying what to install.
    public static func find() throws(SignatureError) -> SSHKeygen {
        guard let path = Subprocess.find("ssh-keygen") else { throw .keygenMissing }
        return SSHKeygen(path: path)
    }

    /// Signs `data` with `key` (a private key file, or the public key of one `ssh-agent` holds):
    /// the armored signature, and the key it was made with.
    public func sign(_ data: Data, key: String) throws(SignatureError) -> (armored: String, key: SignatureKey) {
        try checkUsable(key: key)
        let result: Subprocess.Result
        do {
            result = try Subprocess.run(path, ["-Y", "sign", "-n", Self.namespace, "-f", key], input: data)
        } catch {
            throw .cannotRun(path: path, reason: "\(error)")
        }
        let armored = String(decoding: result.stdout, as: UTF8.self)
        guard result.status == 0, let signer = SignatureKey(armored: armored) else {
            throw .signingFailed(key: key, reason: Self.message(result.stderr))
        }
        return (armored, signer)
    }

    /// Whether `key` can sign without a question: readable, and not a private key file with a
    /// passphrase (checked before a run reads its logs, and again before each signature).
    public func checkUsable(key: String) throws(SignatureError) {
        guard let text = FileManager.default.contents(atPath: key) else { throw .keyUnreadable(path: key) }
        // A private key file with a passphrase would make ssh-keygen ask for it: on a terminal it
        // waits for an answer nobody can give, without one it reads the data as the passphrase.
        // `-y -P ''` never asks; it fails on such a key, which must then come from ssh-agent.
        if String(decoding: text.prefix(64), as: UTF8.self).contains("PRIVATE KEY") {
            let probe: Subprocess.Result
            do {
                probe = try Subprocess.run(path, ["-y", "-P", "", "-f", key])
            } catch {
                throw .cannotRun(path: path, reason: "\(error)")
            }
            if probe.status != 0 {
                throw .signingFailed(
                    key: key,
                    reason: "the key has a passphrase (or cannot be read: \(Self.message(probe.stderr))); add it to "
                        + "ssh-agent with ssh-add and give its public key, \(key).pub")
            }
        }
    }

    /// Checks the signature `signature` (a file's path) over `data` against `allowedSigners`
    /// (OpenSSH's allowed-signers format; principals, namespaces and validity windows honoured).
    /// `signedAtSeconds`, when the signed file says when it was made, is the time validity windows
    /// are checked at (as git checks a commit's signature at its commit time); else now.
    public func check(
        signature: String, over data: Data, allowedSigners: String, signedAtSeconds: Int64? = nil
    ) throws(SignatureError) -> SignatureCheck {
        let at =
            signedAtSeconds.map { seconds -> [String] in
                let utc = ZoneClock(zone: TimeZone(identifier: "UTC")!).format(utcSeconds: seconds)
                return ["-O", "verify-time=" + utc.prefix(19).filter(\.isNumber) + "Z"]
            } ?? []
        guard let armored = FileManager.default.contents(atPath: signature) else { return .missing }
        let key = SignatureKey(armored: String(decoding: armored, as: UTF8.self))
        do {
            // Over these bytes at all, whoever made it?
            let bytes = try Subprocess.run(
                path, ["-Y", "check-novalidate", "-n", Self.namespace, "-s", signature], input: data)
            guard bytes.status == 0, let key else {
                return .otherBytes(key: key, reason: Self.message(bytes.stderr))
            }
            // By a key the allowed signers name, within its validity window? find-principals stops at the
            // first line with the key, whatever its namespaces: it reads the lines that allow nxaudit.
            let forNamespace = try Self.linesAllowing(Self.namespace, in: allowedSigners)
            defer { try? FileManager.default.removeItem(atPath: forNamespace) }
            let principals = try Subprocess.run(
                path, ["-Y", "find-principals", "-s", signature, "-f", forNamespace] + at)
            let names = String(decoding: principals.stdout, as: UTF8.self).split(whereSeparator: \.isNewline)
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            guard principals.status == 0, !names.isEmpty else {
                return .notAllowed(key: key, reason: Self.message(principals.stderr))
            }
            // The key may be listed for several principals (one for git, one for nxaudit): the
            // first one allowed for this namespace at this time signed it.
            var refusal = ""
            for principal in names {
                let verified = try Subprocess.run(
                    path,
                    ["-Y", "verify", "-f", allowedSigners, "-I", principal, "-n", Self.namespace, "-s", signature]
                        + at,
                    input: data)
                if verified.status == 0 { return .valid(principal: principal, key: key) }
                refusal = Self.message(verified.stderr)
            }
            return .notAllowed(key: key, reason: refusal)
        } catch {
            throw .cannotRun(path: path, reason: "\(error)")
        }
    }

    /// A copy of the allowed-signers file without the lines whose `namespaces="..."` option
    /// excludes `namespace` (a key listed for git and for nxaudit on two lines); a temporary file.
    static func linesAllowing(_ namespace: String, in allowedSigners: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: allowedSigners) else {
            throw SignatureError.allowedSignersUnreadable(path: allowedSigners)
        }
        let kept = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            .filter { line in
                guard let match = line.firstMatch(of: /namespaces="([^"]*)"/) else { return true }
                return match.1.split(separator: ",").contains { fnmatch(String($0), namespace, 0) == 0 }
            }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("nxaudit-allowed-\(UUID())").path
        try Data(kept.joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Whether the signature file `signature` is a good signature over `data` in nxaudit's
    /// namespace, by whatever key (`ssh-keygen -Y check-novalidate`).
    func isSignature(_ signature: String, over data: Data) -> Bool {
        let check = try? Subprocess.run(
            path, ["-Y", "check-novalidate", "-n", Self.namespace, "-s", signature], input: data)
        return check?.status == 0
    }

    /// What ssh-keygen said, in one line, without its progress chatter.
    static func message(_ text: String) -> String {
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && $0 != "Signing data on standard input" && !$0.hasPrefix("@@@") }
        return lines.isEmpty ? "no message" : lines.joined(separator: " ")
    }

    /// An RFC 3339 time (`2026-11-01T00:00:00+00:00`, as manifests and head records give it) in UTC seconds.
    public static func seconds(of time: String) -> Int64? {
        ISO8601DateFormatter().date(from: time).map { Int64($0.timeIntervalSince1970) }
    }

}

/// The public key a signature was made with, as OpenSSH prints it.
public struct SignatureKey: Sendable, Equatable, CustomStringConvertible {
    /// `ssh-ed25519`, `ecdsa-sha2-nistp256`, `sk-ssh-ed25519@openssh.com`, ...
    public var type: String
    /// `SHA256:` and the unpadded base64 of the SHA-256 of the public key blob.
    public var fingerprint: String

    public var description: String { "\(type) key \(fingerprint)" }

    /// The key inside an armored SSH signature (`-----BEGIN SSH SIGNATURE-----`, the SSHSIG format).
    public init?(armored: String) {
        let body = armored.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
        guard let blob = Data(base64Encoded: body).map([UInt8].init), blob.starts(with: Array("SSHSIG".utf8)) else {
            return nil
        }
        // magic, uint32 version, string publickey
        var offset = 6 + 4
        guard let publicKey = Self.string(blob, &offset) else { return nil }
        var inner = 0
        guard let type = Self.string(publicKey, &inner) else { return nil }
        self.type = String(decoding: type, as: UTF8.self)
        let digest = SHA256()
        publicKey.withUnsafeBytes { digest.update($0) }
        var base64 = Data(digest.bytes()).base64EncodedString()
        while base64.hasSuffix("=") { base64.removeLast() }
        fingerprint = "SHA256:" + base64
    }

    /// An SSH wire-format string (uint32 length, bytes) at `offset`, which moves past it.
    static func string(_ bytes: [UInt8], _ offset: inout Int) -> [UInt8]? {
        guard offset + 4 <= bytes.count else { return nil }
        let length = bytes[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
        offset += 4
        guard length >= 0, offset + length <= bytes.count else { return nil }
        defer { offset += length }
        return Array(bytes[offset..<offset + length])
    }
}

/// What checking a signature found.
public enum SignatureCheck: Sendable, Equatable {
    /// Made over these bytes by a key the allowed signers name for `principal`.
    case valid(principal: String, key: SignatureKey)
    /// No signature file.
    case missing
    /// A good signature over these bytes, but by a key the allowed signers do not allow (not
    /// listed, outside its validity window, or not for the nxaudit namespace).
    case notAllowed(key: SignatureKey, reason: String)
    /// Not a signature over these bytes: the file changed since it was signed, or the
    /// signature is damaged or for another namespace.
    case otherBytes(key: SignatureKey?, reason: String)
}

/// Why signing or checking could not be done at all.
public enum SignatureError: Error, Equatable, CustomStringConvertible {
    case keygenMissing
    case keyUnreadable(path: String)
    case signingFailed(key: String, reason: String)
    case cannotRun(path: String, reason: String)
    case allowedSignersUnreadable(path: String)

    public var description: String {
        switch self {
        case .keygenMissing:
            "ssh-keygen (OpenSSH) is not on PATH; install openssh-client (apt-get install openssh-client) to sign "
                + "or check signatures."
        case .keyUnreadable(let path):
            "\(path): the signing key cannot be read; give a private key file, or the public key of a key "
                + "ssh-agent holds."
        case .signingFailed(let key, let reason):
            "signing with \(key) failed: \(reason)."
        case .cannotRun(let path, let reason): "\(path) cannot be run (\(reason))."
        case .allowedSignersUnreadable(let path):
            "\(path): the allowed-signers file cannot be read; give an OpenSSH allowed-signers file "
                + "(PRINCIPAL namespaces=\"nxaudit\" KEYTYPE KEY)."
        }
    }
}
