// The security log ACL LOG shows: denied commands, keys and channels, and failed AUTH, newest
// first; a repeat of a recent entry bumps its count instead of adding a line.
// cf. ACLLogEntry, ACLLogMatchEntry and addACLLogEntry in acl.c.

namespace EventLoopRedis.Security;

/// <summary>Where the denied command ran (cf. ACL_LOG_CTX_*).</summary>
internal enum AclLogContext
{
    TopLevel,
    Multi,
    Lua,
}

internal sealed class AclLogEntry
{
    public long Count = 1;
    public AclDenial Reason;
    public AclLogContext Context;
    public byte[] Object = [];
    public byte[] Username = [];
    public long CreatedMs;
    public string ClientInfo = "";
}

internal sealed class AclLog
{
    /// <summary>Entries this close in time (ms) with the same facts are merged (ACL_LOG_GROUPING_MAX_TIME_DELTA).</summary>
    private const long GroupingWindowMs = 60000;

    private readonly LinkedList<AclLogEntry> _entries = new();

    public int Count => _entries.Count;

    /// <summary>Newest first.</summary>
    public IEnumerable<AclLogEntry> Entries => _entries;

    public void Reset() => _entries.Clear();

    /// <summary>Adds an entry, or bumps one of the ten newest that matches it; trims to <paramref name="maxLength"/>.</summary>
    public void Add(AclLogEntry entry, long maxLength)
    {
        int toScan = 10;
        for (var node = _entries.First; node is not null && toScan-- > 0; node = node.Next)
        {
            var current = node.Value;
            if (current.Reason != entry.Reason || current.Context != entry.Context
                || Math.Abs(current.CreatedMs - entry.CreatedMs) > GroupingWindowMs
                || !current.Object.AsSpan().SequenceEqual(entry.Object) || !current.Username.AsSpan().SequenceEqual(entry.Username))
                continue;
            _entries.Remove(node);
            _entries.AddFirst(node);
            current.ClientInfo = entry.ClientInfo;
            current.CreatedMs = entry.CreatedMs;
            current.Count++;
            return;
        }
        _entries.AddFirst(entry);
        while (_entries.Count > maxLength) _entries.RemoveLast();
    }
}
