// CLIENT LIST and CLIENT INFO as Redis 7.0 shows them for clients in each mode: the same field
// names in the same order, and the same flags, db, subscription counts, command and protocol.

using EventLoopRedis.Tests.Support;

namespace EventLoopRedis.Tests.Clients;

[TestFixture]
public class ClientListTests : DifferentialFixture
{
    // Fields whose values depend on the process (ids, addresses, ages, memory) are compared by name only.
    private static readonly string[] ComparedValues = ["name", "flags", "db", "sub", "psub", "ssub", "multi", "cmd", "user", "redir", "resp"];

    /// <summary>Puts clients in each mode, then returns every named client's line, reduced to the compared fields.</summary>
    private static List<string> Lines(int port)
    {
        var connections = new List<RespConnection>();
        RespConnection Named(string name)
        {
            var connection = new RespConnection(port);
            connections.Add(connection);
            connection.Call("CLIENT", "SETNAME", name);
            return connection;
        }
        try
        {
            Named("plain").Call("SELECT", "3");
            Named("subscriber").Call("SUBSCRIBE", "a", "b");
            var patterns = Named("patterns");
            patterns.Call("HELLO", "3");
            patterns.Call("PSUBSCRIBE", "x*");
            patterns.Call("SSUBSCRIBE", "s");
            var multi = Named("multi");
            multi.Call("WATCH", "k");
            multi.Call("MULTI");
            multi.Call("GET", "k");
            Named("monitor").Call("MONITOR");
            Named("noevict").Call("CLIENT", "NO-EVICT", "on");
            Named("unknown").Call("NOSUCH");
            Named("arity").Call("GET");
            Named("badsub").Call("CLIENT", "NOSUCH");
            var dirty = Named("dirty");
            dirty.Call("WATCH", "w");
            using (var writer = new RespConnection(port)) writer.Call("SET", "w", "1");
            dirty.Call("MULTI");

            var observer = Named("observer");
            string info = observer.Call("CLIENT", "INFO");
            string list = observer.Call("CLIENT", "LIST");
            var lines = list.Split('\n').Where(l => l.Contains(" name=") && !l.Contains(" name= ")).Select(Reduce).ToList();
            lines.Sort(StringComparer.Ordinal);
            lines.Add("info: " + Reduce(info.Split('\n').First(l => l.Contains(" name="))));
            return lines;
        }
        finally
        {
            foreach (var connection in connections) connection.Dispose();
        }
    }

    private static string Reduce(string line)
    {
        var fields = line[line.IndexOf("id=", StringComparison.Ordinal)..].Trim().Split(' ').Select(f => f.Split('=', 2)).ToList();
        return string.Join(' ', fields.Select(f => ComparedValues.Contains(f[0]) ? $"{f[0]}={f[1]}" : f[0]));
    }

    [Test]
    public void FieldsAndFlagsMatchRedisInEveryMode() =>
        Assert.That(Lines(OurPort), Is.EqualTo(Lines(RedisPort)));
}
