// An ACL user: on/off, passwords (kept only as SHA-256 hex digests), and its selectors (the root
// one first). Rules change it one at a time, as ACL SETUSER and "user" lines give them.
// cf. struct user, ACLSetUser and ACLDescribeUser in acl.c.

using System.Security.Cryptography;
using System.Text;
using EventLoopRedis.Protocol;

namespace EventLoopRedis.Security;

internal sealed class AclUser
{
    private readonly AclCommandIndex _index;
    private readonly Func<bool> _channelsAllowedByDefault;

    /// <summary>A new user: off, no password, no commands, keys or channels (channels per acl-pubsub-default).</summary>
    public AclUser(byte[] name, AclCommandIndex index, Func<bool> channelsAllowedByDefault)
    {
        Name = name;
        _index = index;
        _channelsAllowedByDefault = channelsAllowedByDefault;
        Selectors.Add(new AclSelector(index, root: true, allChannels: channelsAllowedByDefault()));
    }

    public byte[] Name { get; }
    public string NameText => Encoding.Latin1.GetString(Name);
    public bool Enabled { get; private set; }
    /// <summary>"off" is a flag of its own in Redis (a new user has it; "on" clears it), so descriptions list it.</summary>
    public bool Disabled { get; private set; } = true;
    public bool NoPass { get; private set; }
    public bool SanitizePayload { get; private set; }
    public bool SkipSanitizePayload { get; private set; }
    /// <summary>SHA-256 digests as 64 lowercase hex characters, in the order they were added.</summary>
    public List<string> Passwords { get; } = new();
    public List<AclSelector> Selectors { get; } = new();

    /// <summary>
    /// True when one selector allows every command, key and channel: the executor then skips the
    /// check entirely, so the default user costs one field read per command.
    /// </summary>
    public bool Unrestricted { get; private set; }

    public AclSelector Root => Selectors[0];

    /// <summary>Applies one rule; on an error nothing of that rule is applied (cf. ACLSetUser).</summary>
    public AclRuleError Apply(ReadOnlySpan<byte> op)
    {
        var error = ApplyRule(op);
        Unrestricted = Selectors.Count == 1 && Root.AllowsEverything;
        return error;
    }

    private AclRuleError ApplyRule(ReadOnlySpan<byte> op)
    {
        if (op.Length == 0) return AclRuleError.None;
        if (Ascii.EqualsIgnoreCase(op, "on"))
        {
            Enabled = true;
            Disabled = false;
        }
        else if (Ascii.EqualsIgnoreCase(op, "off"))
        {
            Enabled = false;
            Disabled = true;
        }
        else if (Ascii.EqualsIgnoreCase(op, "skip-sanitize-payload"))
        {
            SkipSanitizePayload = true;
            SanitizePayload = false;
        }
        else if (Ascii.EqualsIgnoreCase(op, "sanitize-payload"))
        {
            SkipSanitizePayload = false;
            SanitizePayload = true;
        }
        else if (Ascii.EqualsIgnoreCase(op, "nopass"))
        {
            NoPass = true;
            Passwords.Clear();
        }
        else if (Ascii.EqualsIgnoreCase(op, "resetpass"))
        {
            NoPass = false;
            Passwords.Clear();
        }
        else if (op[0] is (byte)'>' or (byte)'#')
        {
            string hash;
            if (op[0] == (byte)'>') hash = Hash(op[1..]);
            else if (!IsValidHash(op[1..])) return AclRuleError.BadHash;
            else hash = Encoding.ASCII.GetString(op[1..]);
            if (!Passwords.Contains(hash)) Passwords.Add(hash);
            NoPass = false;
        }
        else if (op[0] is (byte)'<' or (byte)'!')
        {
            string hash;
            if (op[0] == (byte)'<') hash = Hash(op[1..]);
            else if (!IsValidHash(op[1..])) return AclRuleError.BadHash;
            else hash = Encoding.ASCII.GetString(op[1..]);
            if (!Passwords.Remove(hash)) return AclRuleError.NoSuchPassword;
        }
        else if (op[0] == (byte)'(' && op[^1] == (byte)')')
        {
            var selector = new AclSelector(_index, root: false, allChannels: _channelsAllowedByDefault());
            foreach (var rule in SplitSelector(op[1..^1]))
            {
                var error = selector.Apply(rule);
                if (error != AclRuleError.None) return error;
            }
            Selectors.Add(selector);
        }
        else if (Ascii.EqualsIgnoreCase(op, "clearselectors")) Selectors.RemoveRange(1, Selectors.Count - 1);
        else if (Ascii.EqualsIgnoreCase(op, "reset"))
        {
            ApplyRule("resetpass"u8);
            ApplyRule("resetkeys"u8);
            ApplyRule("resetchannels"u8);
            if (_channelsAllowedByDefault()) ApplyRule("allchannels"u8);
            ApplyRule("off"u8);
            ApplyRule("sanitize-payload"u8);
            ApplyRule("clearselectors"u8);
            ApplyRule("-@all"u8);
        }
        else return Root.Apply(op);
        return AclRuleError.None;
    }

    /// <summary>The rules inside "( ... )", split as sdssplitargs splits (quotes allowed); unbalanced quotes give none.</summary>
    private static List<byte[]> SplitSelector(ReadOnlySpan<byte> inner)
    {
        var buffer = inner.ToArray();
        var args = new ArgList();
        args.Reset(buffer);
        var rules = new List<byte[]>();
        if (!InlineSplitter.Split(buffer, 0, args)) return rules;
        for (int i = 0; i < args.Count; i++) rules.Add(args.ToArray(i));
        return rules;
    }

    /// <summary>Makes this user's rules exactly those of <paramref name="source"/> (cf. ACLCopyUser).</summary>
    public void CopyFrom(AclUser source)
    {
        Enabled = source.Enabled;
        Disabled = source.Disabled;
        NoPass = source.NoPass;
        SanitizePayload = source.SanitizePayload;
        SkipSanitizePayload = source.SkipSanitizePayload;
        Passwords.Clear();
        Passwords.AddRange(source.Passwords);
        Selectors.Clear();
        foreach (var selector in source.Selectors) Selectors.Add(selector.Clone());
        Unrestricted = source.Unrestricted;
    }

    /// <summary>
    /// True if <paramref name="password"/> opens this user: it is on, and is nopass or one digest
    /// matches. Digests are compared in constant time (cf. ACLCheckUserCredentials, time_independent_strcmp).
    /// </summary>
    public bool CheckPassword(ReadOnlySpan<byte> password)
    {
        if (Disabled) return false;
        if (NoPass) return true;
        Span<byte> hex = stackalloc byte[64];
        HashHex(password, hex);
        bool match = false;
        Span<byte> stored = stackalloc byte[64];
        foreach (var candidate in Passwords)
        {
            Encoding.ASCII.GetBytes(candidate, stored);
            match |= CryptographicOperations.FixedTimeEquals(hex, stored);
        }
        return match;
    }

    /// <summary>"on nopass ~* &amp;* +@all": flags, password digests, then each selector (cf. ACLDescribeUser).</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        if (Enabled) text.Append("on ");
        if (Disabled) text.Append("off ");
        if (NoPass) text.Append("nopass ");
        if (SkipSanitizePayload) text.Append("skip-sanitize-payload ");
        if (SanitizePayload) text.Append("sanitize-payload ");
        foreach (var hash in Passwords) text.Append('#').Append(hash).Append(' ');
        foreach (var selector in Selectors)
        {
            if (selector.IsRoot) selector.Describe(text);
            else
            {
                text.Append(" (");
                selector.Describe(text);
                text.Append(')');
            }
        }
        return text.ToString();
    }

    /// <summary>The flags ACL GETUSER lists, in Redis's order.</summary>
    public List<string> FlagNames()
    {
        var flags = new List<string>(3);
        if (Enabled) flags.Add("on");
        if (Disabled) flags.Add("off");
        if (NoPass) flags.Add("nopass");
        if (SkipSanitizePayload) flags.Add("skip-sanitize-payload");
        if (SanitizePayload) flags.Add("sanitize-payload");
        return flags;
    }

    /// <summary>The SHA-256 of a password as 64 lowercase hex characters (cf. ACLHashPassword).</summary>
    public static string Hash(ReadOnlySpan<byte> password)
    {
        Span<byte> hex = stackalloc byte[64];
        HashHex(password, hex);
        return Encoding.ASCII.GetString(hex);
    }

    private static void HashHex(ReadOnlySpan<byte> password, Span<byte> hex)
    {
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(password, digest);
        Convert.TryToHexStringLower(digest, hex, out _);
    }

    /// <summary>Exactly 64 characters of 0-9 and a-f (cf. ACLCheckPasswordHash).</summary>
    private static bool IsValidHash(ReadOnlySpan<byte> hash)
    {
        if (hash.Length != 64) return false;
        foreach (byte c in hash)
        {
            if (c is not ((>= (byte)'a' and <= (byte)'f') or (>= (byte)'0' and <= (byte)'9'))) return false;
        }
        return true;
    }
}
