// CLIENT subcommands of client-side caching: TRACKING, CACHING, GETREDIR, TRACKINGINFO.
// cf. the tracking parts of clientCommand in networking.c, and checkPrefixCollisionsOrReply in tracking.c.

using System.Text;
using EventLoopRedis.EventLoop;
using EventLoopRedis.Protocol;

namespace EventLoopRedis.Commands;

internal static class TrackingCommands
{
    /// <summary>
    /// Format: <c>CLIENT TRACKING ON|OFF [REDIRECT client-id] [PREFIX prefix [PREFIX prefix ...]] [BCAST] [OPTIN] [OPTOUT] [NOLOOP]</c>
    /// The options are read (and REDIRECT's client looked up) before ON or OFF is, as in Redis.
    /// </summary>
    public static void Tracking(Client client)
    {
        var args = client.Args;
        long redirect = 0;
        bool bcast = false, optIn = false, optOut = false, noLoop = false;
        var prefixes = new List<byte[]>();
        for (int i = 3; i < args.Count; i++)
        {
            bool moreArgs = i < args.Count - 1;
            if (args.Is(i, "REDIRECT"u8) && moreArgs)
            {
                i++;
                if (redirect != 0)
                {
                    client.Reply.Error(Errors.TrackingSingleRedirect);
                    return;
                }
                if (!Numbers.TryParseLong(args[i], out redirect))
                {
                    client.Reply.Error(Errors.NotInteger);
                    return;
                }
                // The client must exist now, even if it may go away later: a sanity check.
                if (!client.Server.Clients.ContainsKey(redirect))
                {
                    client.Reply.Error(Errors.TrackingNoSuchRedirect);
                    return;
                }
            }
            else if (args.Is(i, "BCAST"u8)) bcast = true;
            else if (args.Is(i, "OPTIN"u8)) optIn = true;
            else if (args.Is(i, "OPTOUT"u8)) optOut = true;
            else if (args.Is(i, "NOLOOP"u8)) noLoop = true;
            else if (args.Is(i, "PREFIX"u8) && moreArgs) prefixes.Add(args[++i].ToArray());
            else
            {
                client.Reply.Error(Errors.Syntax);
                return;
            }
        }

        if (args.Is(2, "OFF"u8))
        {
            client.Server.Tracking.Disable(client);
            client.Reply.Ok();
            return;
        }
        if (!args.Is(2, "ON"u8))
        {
            client.Reply.Error(Errors.Syntax);
            return;
        }
        var state = client.Tracking;
        ReadOnlySpan<byte> refusal =
            !bcast && prefixes.Count > 0 ? Errors.TrackingPrefixNeedsBcast
            : state is not null && state.Bcast != bcast ? Errors.TrackingBcastSwitch
            : bcast && (optIn || optOut) ? Errors.TrackingOptWithBcast
            : optIn && optOut ? Errors.TrackingOptInAndOptOut
            : state is not null && ((optIn && state.OptOut) || (optOut && state.OptIn)) ? Errors.TrackingOptSwitch
            : default;
        if (!refusal.IsEmpty)
        {
            client.Reply.Error(refusal);
            return;
        }
        if (bcast && !CheckPrefixCollisions(client, prefixes)) return;
        client.Server.Tracking.Enable(client, redirect, bcast, optIn, optOut, noLoop, prefixes);
        client.Reply.Ok();
    }

    /// <summary>
    /// Two prefixes of one client overlap when one starts the other: a key would be reported twice.
    /// Replies the error and returns false on the first overlap, except that, as in Redis 7.0
    /// (checkPrefixCollisionsOrReply returns the index), an overlap found among the new prefixes
    /// after the first one replies the error and still lets the command go on (and reply +OK too).
    /// </summary>
    private static bool CheckPrefixCollisions(Client client, List<byte[]> prefixes)
    {
        var existing = client.Tracking?.Prefixes;
        for (int i = 0; i < prefixes.Count; i++)
        {
            if (existing is not null)
            {
                foreach (var old in existing)
                {
                    if (!Overlap(old, prefixes[i])) continue;
                    client.Reply.Error(Errors.TrackingPrefixOverlapsExisting(CString(prefixes[i]), CString(old)));
                    return false;
                }
            }
            for (int j = i + 1; j < prefixes.Count; j++)
            {
                if (!Overlap(prefixes[i], prefixes[j])) continue;
                client.Reply.Error(Errors.TrackingPrefixOverlapsProvided(CString(prefixes[i]), CString(prefixes[j])));
                return i != 0;
            }
        }
        return true;
    }

    private static bool Overlap(byte[] a, byte[] b)
    {
        int common = Math.Min(a.Length, b.Length);
        return a.AsSpan(0, common).SequenceEqual(b.AsSpan(0, common));
    }

    /// <summary>A prefix as Redis's "%s" prints it: up to its first NUL byte.</summary>
    private static string CString(byte[] prefix) => CommandExecutor.Printable(prefix, int.MaxValue);

    /// <summary>
    /// Format: <c>CLIENT CACHING YES|NO</c>
    /// In OPTIN mode YES, in OPTOUT mode NO, makes the next command (or transaction) an exception.
    /// </summary>
    public static void Caching(Client client)
    {
        if (client.Tracking is not { } state)
        {
            client.Reply.Error(Errors.TrackingCachingNeedsTracking);
            return;
        }
        var option = client.Args[2];
        if (Ascii.EqualsIgnoreCase(option, "YES"u8))
        {
            if (!state.OptIn)
            {
                client.Reply.Error(Errors.TrackingCachingYesNeedsOptIn);
                return;
            }
        }
        else if (Ascii.EqualsIgnoreCase(option, "NO"u8))
        {
            if (!state.OptOut)
            {
                client.Reply.Error(Errors.TrackingCachingNoNeedsOptOut);
                return;
            }
        }
        else
        {
            client.Reply.Error(Errors.Syntax);
            return;
        }
        state.Caching = true;
        client.Reply.Ok();
    }

    /// <summary>Format: <c>CLIENT GETREDIR</c>: the redirect client's id, 0 for none, -1 when tracking is off.</summary>
    public static void GetRedir(Client client) => client.Reply.Integer(RedirectField(client));

    /// <summary>Format: <c>CLIENT TRACKINGINFO</c>: a map of flags (a set), redirect and prefixes.</summary>
    public static void TrackingInfo(Client client)
    {
        var state = client.Tracking;
        var reply = client.Reply;
        reply.MapHeader(3);
        reply.Bulk("flags"u8);
        if (state is null)
        {
            reply.SetHeader(1);
            reply.Bulk("off"u8);
        }
        else
        {
            int count = 1 + (state.Bcast ? 1 : 0) + (state.OptIn ? 1 : 0) + (state.OptOut ? 1 : 0)
                + (state.Caching && (state.OptIn || state.OptOut) ? 1 : 0) + (state.NoLoop ? 1 : 0) + (state.BrokenRedirect ? 1 : 0);
            reply.SetHeader(count);
            reply.Bulk("on"u8);
            if (state.Bcast) reply.Bulk("bcast"u8);
            if (state.OptIn)
            {
                reply.Bulk("optin"u8);
                if (state.Caching) reply.Bulk("caching-yes"u8);
            }
            if (state.OptOut)
            {
                reply.Bulk("optout"u8);
                if (state.Caching) reply.Bulk("caching-no"u8);
            }
            if (state.NoLoop) reply.Bulk("noloop"u8);
            if (state.BrokenRedirect) reply.Bulk("broken_redirect"u8);
        }
        reply.Bulk("redirect"u8);
        reply.Integer(RedirectField(client));
        reply.Bulk("prefixes"u8);
        if (state is null)
        {
            reply.ArrayHeader(0);
            return;
        }
        reply.ArrayHeader(state.Prefixes.Count);
        foreach (var prefix in state.Prefixes) reply.Bulk(prefix);
    }

    /// <summary>CLIENT LIST's redir= and GETREDIR: the redirect id while tracking (0: none), else -1.</summary>
    public static long RedirectField(Client client) => client.Tracking?.RedirectId ?? -1;

    /// <summary>CLIENT LIST's tracking flags, in Redis's order: t (tracking), R (broken redirect), B (BCAST).</summary>
    public static string ListFlags(Client client) => client.Tracking is not { } state ? ""
        : "t" + (state.BrokenRedirect ? "R" : "") + (state.Bcast ? "B" : "");

    /// <summary>True for the CLIENT subcommands, after which CLIENT CACHING still holds (cf. prevcmd != clientCommand in resetClient).</summary>
    public static bool IsClientCommand(CommandDef? command) => command?.Parent is { } parent && parent.Name == "client";
}
