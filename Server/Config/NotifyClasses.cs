// The classes of keyspace events that notify-keyspace-events selects, and their letters.
// cf. the NOTIFY_* flags in server.h, keyspaceEventsStringToFlags and keyspaceEventsFlagsToString in notify.c.

using System.Text;

namespace EventLoopRedis.Config;

/// <summary>
/// One bit per class of event (what a command's event belongs to), plus the two channels
/// (K: <c>__keyspace@db__:key</c>, E: <c>__keyevent@db__:event</c>). An event is published
/// when its class is on and at least one of K or E is.
/// </summary>
[Flags]
internal enum NotifyClass
{
    None = 0,
    Keyspace = 1 << 0, // K
    Keyevent = 1 << 1, // E
    Generic = 1 << 2, // g: DEL, EXPIRE, RENAME...
    String = 1 << 3, // $
    List = 1 << 4, // l
    Set = 1 << 5, // s
    Hash = 1 << 6, // h
    Zset = 1 << 7, // z
    Expired = 1 << 8, // x
    Evicted = 1 << 9, // e
    Stream = 1 << 10, // t
    KeyMiss = 1 << 11, // m
    Loaded = 1 << 12, // (modules only)
    Module = 1 << 13, // d
    New = 1 << 14, // n
    /// <summary>A: every class but key misses and new keys (which are noisy, so asked for by name).</summary>
    All = Generic | String | List | Set | Hash | Zset | Expired | Evicted | Stream | Module,
}

internal static class NotifyClasses
{
    /// <summary>The flags a string of class letters selects; false if it holds any other character.</summary>
    public static bool TryParse(string letters, out NotifyClass flags)
    {
        flags = NotifyClass.None;
        foreach (char c in letters)
        {
            flags |= c switch
            {
                'A' => NotifyClass.All,
                'g' => NotifyClass.Generic,
                '$' => NotifyClass.String,
                'l' => NotifyClass.List,
                's' => NotifyClass.Set,
                'h' => NotifyClass.Hash,
                'z' => NotifyClass.Zset,
                'x' => NotifyClass.Expired,
                'e' => NotifyClass.Evicted,
                'K' => NotifyClass.Keyspace,
                'E' => NotifyClass.Keyevent,
                't' => NotifyClass.Stream,
                'm' => NotifyClass.KeyMiss,
                'd' => NotifyClass.Module,
                'n' => NotifyClass.New,
                _ => (NotifyClass)(-1),
            };
            if (flags == (NotifyClass)(-1)) return false;
        }
        return true;
    }

    /// <summary>The letters CONFIG GET shows: "A" for all the classes A sets (then n is not shown), then K, E, m.</summary>
    public static string ToLetters(NotifyClass flags)
    {
        var text = new StringBuilder();
        if ((flags & NotifyClass.All) == NotifyClass.All) text.Append('A');
        else
        {
            if ((flags & NotifyClass.Generic) != 0) text.Append('g');
            if ((flags & NotifyClass.String) != 0) text.Append('$');
            if ((flags & NotifyClass.List) != 0) text.Append('l');
            if ((flags & NotifyClass.Set) != 0) text.Append('s');
            if ((flags & NotifyClass.Hash) != 0) text.Append('h');
            if ((flags & NotifyClass.Zset) != 0) text.Append('z');
            if ((flags & NotifyClass.Expired) != 0) text.Append('x');
            if ((flags & NotifyClass.Evicted) != 0) text.Append('e');
            if ((flags & NotifyClass.Stream) != 0) text.Append('t');
            if ((flags & NotifyClass.Module) != 0) text.Append('d');
            if ((flags & NotifyClass.New) != 0) text.Append('n');
        }
        if ((flags & NotifyClass.Keyspace) != 0) text.Append('K');
        if ((flags & NotifyClass.Keyevent) != 0) text.Append('E');
        if ((flags & NotifyClass.KeyMiss) != 0) text.Append('m');
        return text.ToString();
    }
}
