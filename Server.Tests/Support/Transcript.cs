// Differential transcripts with several clients: the same steps (client n sends, client n reads)
// run against real redis-server and against EventLoopRedis, and every reply read must be equal.

using System.Text;

namespace EventLoopRedis.Tests.Support;

/// <summary>One step of a transcript: a client calls a command, only sends it, or reads one reply.</summary>
public sealed record TranscriptStep(int Client, TranscriptStep.Kind What, string[] Args, bool Compared = true)
{
    public enum Kind { Call, Send, Read, Pause, Close }

    /// <summary>Client <paramref name="client"/> sends a command and reads its reply.</summary>
    public static TranscriptStep Call(int client, params string[] args) => new(client, Kind.Call, args);

    /// <summary>Sends a command and reads its reply without comparing it (it holds ids or times).</summary>
    public static TranscriptStep CallUnchecked(int client, params string[] args) => new(client, Kind.Call, args, Compared: false);

    /// <summary>Sends without reading: the replies (several, for SUBSCRIBE a b) are read by <see cref="Read"/>.</summary>
    public static TranscriptStep Send(int client, params string[] args) => new(client, Kind.Send, args);

    /// <summary>Reads one reply, or push, that client <paramref name="client"/> has received.</summary>
    public static TranscriptStep Read(int client) => new(client, Kind.Read, []);

    /// <summary>Waits <paramref name="milliseconds"/> (a time to live passing).</summary>
    public static TranscriptStep Pause(int milliseconds) => new(0, Kind.Pause, [milliseconds.ToString()]);

    /// <summary>Client <paramref name="client"/> disconnects.</summary>
    public static TranscriptStep Close(int client) => new(client, Kind.Close, []);

    /// <summary>In arguments, stands for the id (CLIENT ID) of client n's connection: <c>IdOf(2)</c> is "{id:2}".</summary>
    public static string IdOf(int client) => $"{{id:{client}}}";

    public override string ToString() => What switch
    {
        Kind.Read => $"client {Client} reads",
        Kind.Close => $"client {Client} disconnects",
        Kind.Pause => $"pause {Args[0]} ms",
        _ => $"client {Client}: {string.Join(' ', Args)}",
    };
}

internal static class Transcript
{
    /// <summary>Runs the steps on fresh connections (after FLUSHALL); returns what each step read, in order.</summary>
    public static List<string> Run(int port, IReadOnlyList<TranscriptStep> steps)
    {
        var connections = new Dictionary<int, RespConnection>();
        var ids = new Dictionary<int, string>();
        // Connections whose id other steps name are asked for it first, when they open.
        var named = steps.SelectMany(s => s.Args).Where(a => a.StartsWith("{id:", StringComparison.Ordinal))
            .Select(a => int.Parse(a[4..^1])).ToHashSet();
        RespConnection Connection(int n)
        {
            if (!connections.TryGetValue(n, out var connection))
            {
                connections[n] = connection = new RespConnection(port);
                if (named.Contains(n)) ids[n] = connection.Call("CLIENT", "ID")[1..].Trim();
            }
            return connection;
        }
        string[] WithIds(string[] args) =>
            args.Select(a => a.StartsWith("{id:", StringComparison.Ordinal) ? ids[int.Parse(a[4..^1])] : a).ToArray();
        try
        {
            Connection(0).Call("FLUSHALL");
            var read = new List<string>();
            foreach (var step in steps)
            {
                switch (step.What)
                {
                    case TranscriptStep.Kind.Call:
                        read.Add(Connection(step.Client).Call(WithIds(step.Args)));
                        break;
                    case TranscriptStep.Kind.Send:
                        Connection(step.Client).Send(WithIds(step.Args));
                        read.Add("");
                        break;
                    case TranscriptStep.Kind.Read:
                        read.Add(RespConnection.Latin1(Connection(step.Client).ReadReply()));
                        break;
                    case TranscriptStep.Kind.Close:
                        if (connections.Remove(step.Client, out var closed)) closed.Dispose();
                        read.Add("");
                        break;
                    case TranscriptStep.Kind.Pause:
                        Thread.Sleep(int.Parse(step.Args[0]));
                        read.Add("");
                        break;
                }
            }
            return read;
        }
        finally
        {
            foreach (var connection in connections.Values) connection.Dispose();
        }
    }

    /// <summary>Runs the transcript on both servers and asserts each compared step read the same bytes.</summary>
    public static void AssertSame(int redisPort, int ourPort, IReadOnlyList<TranscriptStep> steps)
    {
        var expected = Run(redisPort, steps);
        var actual = Run(ourPort, steps);
        var shown = new StringBuilder();
        for (int i = 0; i < steps.Count; i++)
        {
            shown.Append(steps[i]).Append(" -> ").Append(expected[i]).Append('\n');
            if (!steps[i].Compared) continue;
            Assert.That(actual[i], Is.EqualTo(expected[i]), $"step {i} ({steps[i]}) differs from redis-server's; transcript so far:\n{shown}");
        }
    }
}
