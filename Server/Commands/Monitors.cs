// MONITOR: clients that receive a line for every command the server runs.
// cf. monitorCommand in server.c and replicationFeedMonitors in replication.c.

using EventLoopRedis.EventLoop;
using EventLoopRedis.Protocol;

namespace EventLoopRedis.Commands;

/// <summary>
/// The monitors, in the order they started, and the feed: after a command ran (see
/// <see cref="CommandExecutor.Call"/>), each monitor receives, as a status reply,
/// <c>+&lt;unix seconds.micros&gt; [&lt;db&gt; &lt;ip:port&gt;|lua] "arg" "arg" ...</c> with each argument quoted as
/// sdscatrepr quotes it and the arguments redacted for the slow log shown as "(redacted)".
/// </summary>
internal sealed class Monitors
{
    private readonly List<Client> _clients = new();
    private byte[] _line = new byte[256];

    public int Count => _clients.Count;

    /// <summary>Format: <c>MONITOR</c>. +OK, then the feed; a monitor asking again gets no reply at all.</summary>
    public static void Monitor(Client client)
    {
        if (client.DenyBlocking)
        {
            client.Reply.Error(Errors.MonitorDenyBlocking);
            return;
        }
        if (client.IsMonitor) return; // as Redis: already a "replica", nothing is replied
        client.IsMonitor = true;
        client.Server.Monitors._clients.Add(client);
        client.Reply.Ok();
    }

    /// <summary>Stops a client's feed (RESET, disconnection).</summary>
    public void Remove(Client client)
    {
        if (!client.IsMonitor) return;
        client.IsMonitor = false;
        _clients.Remove(client);
    }

    /// <summary>
    /// A monitor may not touch the keyspace: it counts as a replica, and Redis refuses a replica the
    /// commands flagged write, readonly or may-replicate (PUBLISH, SPUBLISH, EVAL, EVALSHA, FCALL,
    /// whose may-replicate flag COMMAND INFO does not show).
    /// </summary>
    public static bool TouchesKeyspace(CommandDef command) =>
        command.Has(CommandFlags.Write | CommandFlags.ReadOnly | CommandFlags.MayReplicate)
        || command.Name is "publish" or "spublish" or "eval" or "evalsha" or "fcall";

    /// <summary>
    /// Scripts are fed before they run, so the commands they call follow their line (cf. evalCommand
    /// and fcallCommand, and the skip_monitor flag that keeps call() from feeding them again).
    /// </summary>
    public static void FeedScript(Client client)
    {
        var monitors = client.Server.Monitors;
        if (monitors.Count > 0) monitors.Feed(client);
    }

    /// <summary>Sends every monitor the line for the command <paramref name="client"/> runs (its argv, as redacted).</summary>
    public void Feed(Client client)
    {
        var args = client.Args;
        var redacted = client.RedactedArgs;
        var outputAdded = client.Server.PubSub.OutputAdded;
        int length = 0;
        long micros = (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) / 10;
        AppendNumber(ref length, micros / 1_000_000);
        Append(ref length, "."u8);
        long fraction = micros % 1_000_000;
        for (long scale = 100_000; scale > 1 && fraction < scale; scale /= 10) Append(ref length, "0"u8);
        AppendNumber(ref length, fraction);
        Append(ref length, " ["u8);
        AppendNumber(ref length, client.Db.Id);
        Append(ref length, " "u8);
        if (client.Socket is null) Append(ref length, "lua"u8);
        else AppendLatin1(ref length, client.Address);
        Append(ref length, "] "u8);
        for (int i = 0; i < args.Count; i++)
        {
            if (i > 0) Append(ref length, " "u8);
            AppendRepr(ref length, redacted.Contains(i) ? "(redacted)"u8 : args[i]);
        }
        var line = _line.AsSpan(0, length);
        foreach (var monitor in _clients)
        {
            // A client closing after its reply (QUIT) gets nothing more, as prepareClientToWrite refuses.
            if (monitor.IsClosing || monitor.CloseAfterReply) continue;
            monitor.Reply.Simple(line);
            outputAdded?.Invoke(monitor);
        }
    }

    /// <summary>A string as sdscatrepr writes it: quoted, with \\ \" \n \r \t \a \b and \xNN escapes.</summary>
    private void AppendRepr(ref int length, ReadOnlySpan<byte> text)
    {
        Append(ref length, "\""u8);
        Span<byte> hex = stackalloc byte[4];
        foreach (byte b in text)
        {
            switch (b)
            {
                case (byte)'\\': Append(ref length, "\\\\"u8); break;
                case (byte)'"': Append(ref length, "\\\""u8); break;
                case (byte)'\n': Append(ref length, "\\n"u8); break;
                case (byte)'\r': Append(ref length, "\\r"u8); break;
                case (byte)'\t': Append(ref length, "\\t"u8); break;
                case 7: Append(ref length, "\\a"u8); break;
                case 8: Append(ref length, "\\b"u8); break;
                default:
                    if (b is >= 0x20 and < 0x7f) Append(ref length, [b]);
                    else
                    {
                        hex[0] = (byte)'\\';
                        hex[1] = (byte)'x';
                        hex[2] = (byte)"0123456789abcdef"[b >> 4];
                        hex[3] = (byte)"0123456789abcdef"[b & 15];
                        Append(ref length, hex);
                    }
                    break;
            }
        }
        Append(ref length, "\""u8);
    }

    private void AppendNumber(ref int length, long value)
    {
        Span<byte> digits = stackalloc byte[20];
        Append(ref length, digits[..Numbers.FormatLong(value, digits)]);
    }

    private void AppendLatin1(ref int length, string text)
    {
        foreach (char c in text) Append(ref length, [(byte)c]);
    }

    private void Append(ref int length, ReadOnlySpan<byte> bytes)
    {
        if (length + bytes.Length > _line.Length) Array.Resize(ref _line, Math.Max(_line.Length * 2, length + bytes.Length));
        bytes.CopyTo(_line.AsSpan(length));
        length += bytes.Length;
    }
}
